import { describe, expect, it } from 'vitest';
import { ChangesFollower, type ChangesPage, type FetchChanges } from './changes-follower';

const row = (seq: number) => ({ seq, id: `doc${seq}`, changes: [{ rev: `1-${seq}` }] });

describe('changes follower', () => {
  it('stops even when a backend request never settles (seen with the embedded backend)', async () => {
    let calls = 0;
    const hung: FetchChanges = (query) => {
      calls++;
      if (query.since === 'now') return Promise.resolve({ results: [], last_seq: 0 });
      return new Promise<ChangesPage>(() => undefined); // never answers, ignores its abort signal
    };
    const follower = new ChangesFollower(hung, () => undefined, 'longpoll');
    await follower.start();
    await new Promise((r) => setTimeout(r, 20));
    await expect(follower.stop()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('polls with short reads and passes on each change, resuming after the last sequence', async () => {
    const queries: Array<Record<string, string>> = [];
    let seq = 0;
    const backend: FetchChanges = async (query) => {
      queries.push(query);
      if (query.since === 'now') return { results: [], last_seq: seq };
      const since = Number(query.since);
      return since < seq ? { results: [row(seq)], last_seq: seq } : { results: [], last_seq: since };
    };
    const follower = new ChangesFollower(backend, () => undefined, 'poll');
    const seen: Array<[string, unknown]> = [];
    follower.on('changes', (rows: Array<{ id: string }>, _last: unknown, previous: unknown) =>
      seen.push([rows[0]!.id, previous]),
    );
    await follower.start();
    seq = 1;
    for (let i = 0; i < 100 && seen.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    seq = 2;
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await follower.stop();
    expect(seen).toEqual([
      ['doc1', 0],
      ['doc2', 1],
    ]);
    // Never a longpoll: the embedded backend's cannot be trusted.
    expect(queries.every((q) => q.feed === undefined)).toBe(true);
  });
});
