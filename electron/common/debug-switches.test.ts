import { describe, expect, it } from 'vitest';
import { findDebugSwitch } from './debug-switches';

describe('findDebugSwitch', () => {
  it.each([
    [['/opt/Tertib/tertib'], null],
    [['/opt/Tertib/tertib', '--no-sandbox-is-not-ours-to-judge'], null],
    [['tertib', 'app://tertib/'], null],
    [['tertib', '--remote-debugging-port=9222'], '--remote-debugging-port=9222'],
    [['tertib', '--remote-debugging-port', '9222'], '--remote-debugging-port'],
    [['tertib', '-remote-debugging-port=9222'], '-remote-debugging-port=9222'],
    [['tertib', '/remote-debugging-port=9222'], '/remote-debugging-port=9222'],
    [['tertib', '--REMOTE-DEBUGGING-PORT=9222'], '--REMOTE-DEBUGGING-PORT=9222'],
    [['tertib', '--remote-debugging-pipe'], '--remote-debugging-pipe'],
    [['tertib', '--inspect'], '--inspect'],
    [['tertib', '--inspect-brk=0.0.0.0:9229'], '--inspect-brk=0.0.0.0:9229'],
    [['tertib', '--js-flags=--allow-natives-syntax'], '--js-flags=--allow-natives-syntax'],
  ])('%j → %j', (argv, expected) => {
    expect(findDebugSwitch(argv)).toBe(expected);
  });
});
