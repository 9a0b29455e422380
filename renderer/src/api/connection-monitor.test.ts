import { describe, expect, it } from 'vitest';
import { ConnectionMonitor, type ConnectionStatus, type Timer } from './connection-monitor';

class FakeTimer implements Timer {
  callbacks = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;

  setInterval(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.callbacks.set(id, { callback, ms });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.callbacks.delete(handle as number);
  }

  tick(): void {
    for (const { callback } of this.callbacks.values()) callback();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(online: boolean) {
  const timer = new FakeTimer();
  const seen: ConnectionStatus[] = [];
  let answers = true;
  let probes = 0;
  const monitor = new ConnectionMonitor({
    online,
    timer,
    probe: async () => {
      probes += 1;
      return answers;
    },
    onChange: (status) => seen.push(status),
  });
  return {
    monitor,
    timer,
    seen,
    probes: () => probes,
    setAnswers: (value: boolean) => {
      answers = value;
    },
  };
}

describe('ConnectionMonitor', () => {
  it('probes at start and every 30 seconds', async () => {
    const { monitor, timer, probes } = setup(true);
    monitor.start();
    await flush();
    expect(probes()).toBe(1);
    expect([...timer.callbacks.values()][0]?.ms).toBe(30_000);
    timer.tick();
    timer.tick();
    await flush();
    expect(probes()).toBe(3);
    monitor.stop();
    expect(timer.callbacks.size).toBe(0);
  });

  it('reports a server that stops answering, and its return', async () => {
    const { monitor, timer, seen, setAnswers } = setup(true);
    monitor.start();
    await flush();
    setAnswers(false);
    timer.tick();
    await flush();
    expect(monitor.status).toBe('unreachable');
    setAnswers(true);
    timer.tick();
    await flush();
    expect(seen).toEqual(['online', 'unreachable', 'online']);
  });

  it('is offline without a network, and does not probe then', async () => {
    const { monitor, timer, seen, probes } = setup(false);
    monitor.start();
    timer.tick();
    await flush();
    expect(probes()).toBe(0);
    expect(seen).toEqual(['offline']);
  });

  it('probes as soon as the network returns', async () => {
    const { monitor, seen, probes, setAnswers } = setup(true);
    setAnswers(false);
    monitor.start();
    await flush();
    monitor.setOnline(false);
    setAnswers(true);
    monitor.setOnline(true);
    await flush();
    expect(probes()).toBe(2);
    expect(seen).toEqual(['online', 'unreachable', 'offline', 'online']);
  });

  it('ignores a probe that answers after stop()', async () => {
    const { monitor, seen, setAnswers } = setup(true);
    setAnswers(false);
    monitor.start();
    monitor.stop();
    await flush();
    expect(seen).toEqual(['online']);
  });
});
