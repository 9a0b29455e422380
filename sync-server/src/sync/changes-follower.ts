import { EventEmitter } from 'node:events';

// One follower per database reads the backend's changes feed and fans each change out to every waiting
// client. A thousand officers long-polling the gateway cost one backend feed, not a thousand (and the
// embedded backend ignores `timeout` on longpoll, so a per-client backend longpoll could hang forever).

export interface ChangeRow {
  seq: string | number;
  id: string;
  changes: Array<{ rev: string }>;
  deleted?: boolean;
  doc?: Record<string, unknown>;
}

export interface ChangesPage {
  results: ChangeRow[];
  last_seq: string | number;
  pending?: number;
}

export type FetchChanges = (query: Record<string, string>, signal: AbortSignal) => Promise<ChangesPage>;

export class ChangesFollower extends EventEmitter {
  private lastSeq: string | number = 0;
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly fetchChanges: FetchChanges,
    private readonly log: (msg: string) => void,
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** Starts following from the backend's current end; resolves once the starting point is known. */
  async start(): Promise<void> {
    const head = await this.fetchChanges({ since: 'now', limit: '0' }, this.abort.signal);
    this.lastSeq = head.last_seq;
    this.running = this.loop();
  }

  currentSeq(): string | number {
    return this.lastSeq;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const page = await this.fetchChanges(
          {
            feed: 'longpoll',
            since: String(this.lastSeq),
            timeout: '30000',
            include_docs: 'true',
            style: 'all_docs',
            limit: '500',
          },
          this.abort.signal,
        );
        this.failures = 0;
        const previous = this.lastSeq;
        this.lastSeq = page.last_seq;
        // Listeners get the batch with the sequence it starts after, so a client that is exactly there can
        // be answered from these rows without asking the backend again.
        if (page.results.length) this.emit('changes', page.results, page.last_seq, previous);
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.failures++;
        const wait = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
        this.log(`changes follower: ${(err as Error).message}; retrying in ${wait} ms`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }
}
