// An external GNSS receiver on a serial port (issue 12, part 5), apart from React: asks for a port (Web Serial:
// Chromium's picker in web mode, the app's own chooser in Electron — electron/main/security.ts), opens it at
// the chosen baud rate, reads the byte stream, cuts it into lines and feeds gnss-receiver.ts, and says what the
// officer needs to know at any moment: connecting, waiting for a fix, a fix (current only), no fix, garbage,
// stopped (silence), unplugged, or the port could not be opened. Time comes from an injected clock and state is
// recomputed on `tick()`, so tests drive every transition without waiting.

import type { Location } from '../../../domain/report';
import { GNSS_STALE_MS, GnssReceiverState, NmeaLineBuffer, type GnssSnapshot } from './gnss-receiver';

/** The part of a Web Serial `SerialPort` used here (lib.dom has no Web Serial types). */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  addEventListener(type: 'disconnect', listener: () => void): void;
  removeEventListener(type: 'disconnect', listener: () => void): void;
}

/** The part of `navigator.serial` used here. */
export interface SerialLike {
  requestPort(): Promise<SerialPortLike>;
}

/** `navigator.serial` where the browser offers Web Serial (Chromium on desktop, Electron), else null. */
export function webSerial(): SerialLike | null {
  if (typeof navigator === 'undefined') return null;
  const serial = (navigator as Navigator & { serial?: SerialLike }).serial;
  return serial && typeof serial.requestPort === 'function' ? serial : null;
}

/** Rates NMEA receivers ship with: 4800 is NMEA 0183's own, 9600 the common default of USB receivers. */
export const GNSS_BAUD_RATES = [4800, 9600, 19200, 38400, 57600, 115200] as const;
export const DEFAULT_BAUD_RATE = 9600;
/**
 * Bad lines alone for this long make the state `garbage`. Opening a port mid-sentence always gives one cut
 * line, so garbage is only said once nothing valid has come for this long.
 */
export const GNSS_GARBAGE_MS = GNSS_STALE_MS;
/** No byte at all for this long: the receiver `stopped`. */
export const GNSS_SILENCE_MS = GNSS_STALE_MS;

export type GnssFix = NonNullable<GnssSnapshot['fix']>;

export type GnssLinkStatus =
  'idle' | 'connecting' | 'waiting' | 'fix' | 'no-fix' | 'garbage' | 'stopped' | 'unplugged' | 'failed';

export interface GnssLinkState {
  status: GnssLinkStatus;
  /** The rate the port is open at (null when none is). */
  baudRate: number | null;
  /** The current fix: only while `status` is `fix`. */
  fix: GnssFix | null;
  /** The last good fix, shown with its age, never used as the report's location unless it is `fix`. */
  last: GnssFix | null;
  lastAgeMs: number | null;
  /** Lines that failed (checksum, cut, noise) since the last valid sentence. */
  badLines: number;
}

/** The report's location from a receiver fix: the fields of a `Location`, source `gnss`. */
export function gnssLocation(fix: GnssFix): Location {
  const { lat, lng, accuracyM, fixedAt } = fix;
  return { lat, lng, accuracyM, fixedAt, source: 'gnss' };
}

type Phase = 'idle' | 'connecting' | 'open' | 'unplugged' | 'failed';

const latin1 = (bytes: Uint8Array): string => {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
};

export class GnssLink {
  private phase: Phase = 'idle';
  private generation = 0;
  private port: SerialPortLike | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private baudRate: number | null = null;
  private receiver = new GnssReceiverState();
  private lines = new NmeaLineBuffer();
  private openedAt = 0;
  private lastBytesAt = 0;
  private lastFix: GnssFix | null = null;
  private lastFixAt = 0;
  private readonly listeners = new Set<(state: GnssLinkState) => void>();
  private readonly onDisconnect = () => this.lost();

  constructor(private readonly now: () => number = Date.now) {}

  subscribe(listener: (state: GnssLinkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a port (must run from a click) and opens it; a cancelled choice goes back to `idle`. */
  async connect(serial: SerialLike, baudRate: number): Promise<void> {
    await this.disconnect();
    const generation = ++this.generation;
    this.phase = 'connecting';
    this.baudRate = baudRate;
    this.tick();
    let port: SerialPortLike;
    try {
      port = await serial.requestPort();
    } catch {
      // NotFoundError: the user closed the picker (or there is no port) — nothing to report.
      if (generation === this.generation) this.setPhase('idle');
      return;
    }
    if (generation !== this.generation) return;
    try {
      await port.open({ baudRate });
    } catch {
      // InvalidStateError (already open elsewhere) or NetworkError (could not open): said as `failed`.
      if (generation === this.generation) this.setPhase('failed');
      return;
    }
    if (generation !== this.generation) {
      await port.close().catch(() => undefined);
      return;
    }
    this.port = port;
    this.receiver = new GnssReceiverState();
    this.lines = new NmeaLineBuffer();
    this.openedAt = this.now();
    this.lastBytesAt = this.openedAt;
    port.addEventListener('disconnect', this.onDisconnect);
    this.phase = 'open';
    this.tick();
    void this.read(port, generation);
  }

  /** Stops reading and closes the port (the officer's "Putuskan", leaving the screen). */
  async disconnect(): Promise<void> {
    this.generation++;
    const wasActive = this.phase !== 'idle';
    await this.release();
    this.phase = 'idle';
    this.baudRate = null;
    if (wasActive) this.tick();
  }

  /** Recomputes the state at the clock's time and tells the listeners (call about once a second). */
  tick(): GnssLinkState {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }

  state(): GnssLinkState {
    const now = this.now();
    const base = {
      baudRate: this.phase === 'open' ? this.baudRate : null,
      last: this.lastFix,
      lastAgeMs: this.lastFix === null ? null : Math.max(0, now - this.lastFixAt),
    };
    const none = { ...base, fix: null, badLines: 0 };
    switch (this.phase) {
      case 'idle':
      case 'connecting':
      case 'unplugged':
      case 'failed':
        return { ...none, status: this.phase };
      case 'open':
        break;
    }
    const snap = this.receiver.snapshot(now);
    const withBad = { ...none, badLines: snap.badLines };
    if (now - this.lastBytesAt > GNSS_SILENCE_MS) return { ...withBad, status: 'stopped' };
    switch (snap.status) {
      case 'fix':
        return { ...withBad, status: 'fix', fix: snap.fix };
      case 'no-fix':
        return { ...withBad, status: 'no-fix' };
      case 'waiting':
        return { ...withBad, status: 'waiting' };
      case 'garbage':
        // Only bad lines so far, but not for long: the first line of a freshly opened port is usually cut.
        if (snap.sentences === 0 && now - this.openedAt <= GNSS_GARBAGE_MS)
          return { ...withBad, status: 'waiting' };
        return { ...withBad, status: 'garbage' };
      case 'stale':
        // Bytes keep coming but no line has been valid for a while (e.g. a run with no line ends).
        return { ...withBad, status: 'garbage' };
    }
  }

  private async read(port: SerialPortLike, generation: number): Promise<void> {
    // A framing, parity or overrun error errors the stream but leaves the port open with a new `readable`;
    // a lost device leaves `readable` null (Web Serial spec, "readable" attribute).
    while (generation === this.generation) {
      const readable = port.readable;
      if (readable === null) break;
      const reader = readable.getReader();
      this.reader = reader;
      let ended = false;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            ended = true;
            break;
          }
          if (generation !== this.generation) return;
          this.bytes(value);
        }
      } catch {
        if (generation !== this.generation) return;
        this.lastBytesAt = this.now();
        this.receiver.noise();
        this.tick();
      } finally {
        reader.releaseLock();
        if (this.reader === reader) this.reader = null;
      }
      if (ended) break;
    }
    // The stream ended or the device is gone without the officer asking: unplugged.
    if (generation === this.generation) this.lost();
  }

  private bytes(chunk: Uint8Array): void {
    const now = this.now();
    this.lastBytesAt = now;
    const dropped = this.lines.dropped;
    for (const line of this.lines.push(latin1(chunk))) this.receiver.line(line, now);
    for (let i = dropped; i < this.lines.dropped; i++) this.receiver.noise();
    const snap = this.receiver.snapshot(now);
    // The receiver makes a new fix object per GGA; the same object again is not a newer fix.
    if (snap.status === 'fix' && snap.fix !== null && snap.fix !== this.lastFix) {
      this.lastFix = snap.fix;
      this.lastFixAt = now;
    }
    this.tick();
  }

  private lost(): void {
    if (this.phase !== 'open') return;
    this.generation++;
    this.phase = 'unplugged';
    void this.release();
    this.tick();
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.tick();
  }

  private async release(): Promise<void> {
    const port = this.port;
    const reader = this.reader;
    this.port = null;
    this.reader = null;
    if (port) port.removeEventListener('disconnect', this.onDisconnect);
    await reader?.cancel().catch(() => undefined);
    // The port closes only once its stream is unlocked (the read loop's `finally` may not have run yet).
    reader?.releaseLock();
    await port?.close().catch(() => undefined);
  }
}
