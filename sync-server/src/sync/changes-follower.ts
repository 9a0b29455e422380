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

export type FetchChanges = (query: Record<string, string>, signal?: AbortSignal) => Promise<ChangesPage>;

/**
 * How the follower waits for new changes:
 * - `longpoll` (CouchDB): one long request at a time, answered by the backend as soon as something changes.
 * - `poll` (the embedded backend): short `feed=normal` reads, every `POLL_MS` while nothing changes. Its
 *   longpoll cannot be trusted: it ignores `timeout`, and seen here (a loop of server starts, one in about
 *   five) it sometimes never answered a longpoll opened before a write, and a fetch to it aborted at
 *   shutdown then never settled. A follower stuck that way stops everything behind it — receipts, live
 *   feeds, the end of a logged-out session's feeds — which is how the 100/300 fault test stalled.
 */
export type FollowMode = 'longpoll' | 'poll';

const POLL_MS = 200;

/** Rejects as soon as `signal` aborts, even if `promise` never settles. */
function settleOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class ChangesFollower extends EventEmitter {
  private lastSeq: string | number = 0;
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly fetchChanges: FetchChanges,
    private readonly log: (msg: string) => void,
    private readonly mode: FollowMode = 'longpoll',
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** A wait that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Starts following from the backend's current end; resolves once the starting point is known. */
  async start(): Promise<void> {
    const head = await this.fetchChanges({ since: 'now', limit: '0' });
    this.lastSeq = head.last_seq;
    this.running = this.loop();
  }

  currentSeq(): string | number {
    return this.lastSeq;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const query = {
          since: String(this.lastSeq),
          include_docs: 'true',
          style: 'all_docs',
          limit: '500',
        };
        const page =
          this.mode === 'longpoll'
            ? await settleOnAbort(
                this.fetchChanges({ ...query, feed: 'longpoll', timeout: '30000' }, this.abort.signal),
                this.abort.signal,
              )
            : await settleOnAbort(this.fetchChanges(query), this.abort.signal);
        this.failures = 0;
        const previous = this.lastSeq;
        this.lastSeq = page.last_seq;
        // Listeners get the batch with the sequence it starts after, so a client that is exactly there can
        // be answered from these rows without asking the backend again.
        if (page.results.length) this.emit('changes', page.results, page.last_seq, previous);
        else if (this.mode === 'poll') await this.pause(POLL_MS);
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.failures++;
        const wait = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
        this.log(`changes follower: ${(err as Error).message}; retrying in ${wait} ms`);
        await this.pause(wait);
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }
}
