// Command-line switches that would let another local program drive or inspect the app: Chromium's
// remote debugging (full control of the renderer, including the bearer token it holds) and Node's
// inspector. The fuses (electron-builder.yml) already make a packaged app ignore the Node ones; Chromium's
// have no fuse, so a packaged app refuses to start with any of them.

const FORBIDDEN = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'debug',
  'debug-brk',
  'js-flags',
];

/** The first forbidden switch in `argv`, or null. Chromium accepts `--x`, `-x` (and `/x` on Windows). */
export function findDebugSwitch(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const match = /^(?:--?|\/)([a-z-]+)(?:=.*)?$/is.exec(arg);
    const name = match?.[1]?.toLowerCase();
    if (name !== undefined && FORBIDDEN.includes(name)) return arg;
  }
  return null;
}
