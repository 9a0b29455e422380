/**
 * `navigator.onLine` only says a network interface is up; a patrol car's hotspot without data, or a
 * captive portal, also counts as "online". So "online" here means the sync-server answers its health
 * probe, checked on start, whenever the network comes back, and every `intervalMs`.
 */
export type ConnectionStatus = 'online' | 'offline' | 'unreachable';

export interface Timer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ConnectionMonitorOptions {
  /** Resolves true when the server answered. Must not reject. */
  probe: () => Promise<boolean>;
  online: boolean;
  onChange: (status: ConnectionStatus) => void;
  timer?: Timer;
  intervalMs?: number;
}

export const HEALTH_INTERVAL_MS = 30_000;

const defaultTimer: Timer = {
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

export class ConnectionMonitor {
  private online: boolean;
  /** Result of the last probe; null until one has answered. Optimistic until proven otherwise. */
  private serverAnswers: boolean | null = null;
  private handle: unknown = null;
  private generation = 0;
  private reported: ConnectionStatus | null = null;
  private readonly timer: Timer;
  private readonly intervalMs: number;

  constructor(private readonly options: ConnectionMonitorOptions) {
    this.online = options.online;
    this.timer = options.timer ?? defaultTimer;
    this.intervalMs = options.intervalMs ?? HEALTH_INTERVAL_MS;
  }

  get status(): ConnectionStatus {
    if (!this.online) return 'offline';
    return this.serverAnswers === false ? 'unreachable' : 'online';
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timer.setInterval(() => void this.check(), this.intervalMs);
    this.emit();
    void this.check();
  }

  stop(): void {
    if (this.handle !== null) this.timer.clearInterval(this.handle);
    this.handle = null;
    this.generation += 1;
  }

  /** Feed `online` / `offline` window events here. */
  setOnline(online: boolean): void {
    this.online = online;
    // The server's answer from before the network changed says nothing about now.
    this.serverAnswers = null;
    this.emit();
    if (online) void this.check();
  }

  /** Probe now. A probe that finishes after a newer one started, or after stop(), is ignored. */
  async check(): Promise<void> {
    if (!this.online) return;
    const generation = ++this.generation;
    const answers = await this.options.probe();
    if (generation !== this.generation) return;
    this.serverAnswers = answers;
    this.emit();
  }

  private emit(): void {
    const status = this.status;
    if (status === this.reported) return;
    this.reported = status;
    this.options.onChange(status);
  }
}
