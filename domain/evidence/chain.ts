// The timeline of a report as a hash chain. Each signed event names the hash of its report
// (`reportHash`) and the hash of the latest event of that report its device knew (`prev`, null when it
// knew none). Two devices acting offline on the same report both name the same `prev`: a fork, which is
// legitimate. A removed event leaves a `prev` pointing at nothing; an inserted or altered one breaks its own
// signature or its successor's link; listing events out of order puts one before the event it follows.

export interface ChainedEvent {
  id: string;
  /** documentHash of the event. */
  hash: string;
  at: string;
  reportHash?: string | null | undefined;
  prev?: string | null | undefined;
  /** Events made before signing existed carry no links; they are checked by the checkpoint alone. */
  signed: boolean;
}

export type ChainProblem =
  | { eventId: string; problem: 'other-report' }
  | { eventId: string; problem: 'missing-prev'; prev: string }
  | { eventId: string; problem: 'before-prev'; prev: string }
  | { eventId: string; problem: 'unlinked' };

/** Problems of `events` as listed (the order of the list matters: each event after its `prev`). */
export function checkChain(reportHash: string, events: readonly ChainedEvent[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const position = new Map<string, number>();
  events.forEach((e, i) => position.set(e.hash, i));
  events.forEach((e, i) => {
    if (!e.signed) return;
    if (typeof e.reportHash !== 'string' || e.prev === undefined) {
      problems.push({ eventId: e.id, problem: 'unlinked' });
      return;
    }
    if (e.reportHash !== reportHash) problems.push({ eventId: e.id, problem: 'other-report' });
    if (e.prev === null) return;
    const at = position.get(e.prev);
    if (at === undefined) problems.push({ eventId: e.id, problem: 'missing-prev', prev: e.prev });
    else if (at >= i) problems.push({ eventId: e.id, problem: 'before-prev', prev: e.prev });
  });
  return problems;
}

/**
 * The `prev` a device names for a new event: the hash of the latest event it knows of that report (by
 * time, then id, so two devices holding the same events pick the same one), or null when it knows none.
 */
export function latestEventHash(
  known: ReadonlyArray<{ id: string; at: string; hash: string }>,
): string | null {
  let best: { id: string; at: string; hash: string } | null = null;
  for (const e of known) {
    if (!best || e.at > best.at || (e.at === best.at && e.id > best.id)) best = e;
  }
  return best ? best.hash : null;
}

/** Events in an order that puts each after its `prev` (ties by time then id): how a bundle lists them. */
export function chainOrder<T extends { id: string; at: string; hash: string; prev?: string | null }>(
  events: readonly T[],
): T[] {
  const byHash = new Map(events.map((e) => [e.hash, e]));
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const out: T[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (e: T): void => {
    if (placed.has(e.hash) || visiting.has(e.hash)) return;
    visiting.add(e.hash);
    const prev = typeof e.prev === 'string' ? byHash.get(e.prev) : undefined;
    if (prev) place(prev);
    visiting.delete(e.hash);
    placed.add(e.hash);
    out.push(e);
  };
  sorted.forEach(place);
  return out;
}
