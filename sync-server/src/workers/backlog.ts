import type { WorkerProgress } from '../coordination/lease';

/**
 * What a worker has seen and not finished: batches in arrival order with when each arrived. Its lag (the
 * age of the oldest unfinished batch) and backlog (their changes) go into the lease document, readiness
 * and the metrics.
 */
export class Backlog {
  private readonly pending = new Set<{ at: number; count: number }>();

  /** Notes a batch; call the returned function when it is finished (or abandoned at shutdown). */
  add(count: number): () => void {
    const entry = { at: Date.now(), count };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  progress(): WorkerProgress {
    let oldest = Infinity;
    let backlog = 0;
    for (const e of this.pending) {
      oldest = Math.min(oldest, e.at);
      backlog += e.count;
    }
    return { lagMs: oldest === Infinity ? 0 : Date.now() - oldest, backlog };
  }
}
