import { describe, expect, it } from 'vitest';
import { changedIds, heldIds, rewriteBulkDocsRows } from './couch-responses';

describe('rewriteBulkDocsRows', () => {
  it('turns refusals into ok rows and reports them; leaves ok and conflict rows alone', () => {
    const out = rewriteBulkDocsRows([
      { id: 'a', ok: true, rev: '1-x' },
      { id: 'b', error: 'forbidden', reason: 'Unknown or retired category "x".' },
      { id: 'c', error: 'conflict', reason: 'Document update conflict.' },
      { id: 'd', error: 'unauthorized', reason: 'You must be logged in.' },
      { id: 'e', error: 'unknown_error', reason: 'No answer.' },
    ]);
    expect(out.accepted).toEqual(['a']);
    expect(out.refused).toEqual([
      { id: 'b', error: 'forbidden', reason: 'Unknown or retired category "x".' },
      { id: 'd', error: 'unauthorized', reason: 'You must be logged in.' },
    ]);
    expect(out.rows).toEqual([
      { id: 'a', ok: true, rev: '1-x' },
      { id: 'b', ok: true, rev: '0-refused' },
      { id: 'c', error: 'conflict', reason: 'Document update conflict.' },
      { id: 'd', ok: true, rev: '0-refused' },
      // Possibly transient: RxDB throws, the engine retries with backoff.
      { id: 'e', error: 'unknown_error', reason: 'No answer.' },
    ]);
  });

  it('defers an event whose report is not on the server yet: written for RxDB, neither accepted nor refused', () => {
    const out = rewriteBulkDocsRows([
      { id: 'e1', error: 'report_missing', reason: 'The report this event refers to is not on the server yet.' },
      { id: 'e2', ok: true, rev: '1-a' },
    ]);
    expect(out.rows).toEqual([
      { id: 'e1', ok: true, rev: '0-refused' },
      { id: 'e2', ok: true, rev: '1-a' },
    ]);
    expect(out.deferred).toEqual([
      { id: 'e1', error: 'report_missing', reason: 'The report this event refers to is not on the server yet.' },
    ]);
    expect(out.refused).toEqual([]);
    expect(out.accepted).toEqual(['e2']);
  });

  it('survives hostile or odd answers', () => {
    expect(rewriteBulkDocsRows({ error: 'x' })).toEqual({ rows: [], accepted: [], refused: [], deferred: [] });
    expect(rewriteBulkDocsRows(null).rows).toEqual([]);
    const odd = rewriteBulkDocsRows([null, 7, { error: 'forbidden' }, { id: 'z', error: 'forbidden' }]);
    expect(odd.rows.slice(0, 3)).toEqual([null, 7, { error: 'forbidden' }]);
    // No reason given: the error name stands in; a huge reason is cut.
    expect(odd.refused).toEqual([{ id: 'z', error: 'forbidden', reason: 'forbidden' }]);
    const long = rewriteBulkDocsRows([{ id: 'y', error: 'forbidden', reason: 'x'.repeat(5000) }]);
    expect(long.refused[0]?.reason).toHaveLength(500);
    expect(rewriteBulkDocsRows([{ id: '__proto__', error: 'forbidden', reason: 'r' }]).refused).toHaveLength(1);
  });
});

describe('changedIds / heldIds', () => {
  it('list live documents only, never design or local documents', () => {
    expect(
      changedIds({
        results: [
          { id: 'r1', doc: { _id: 'r1' } },
          { id: 'r2', deleted: true },
          { id: 'r3', doc: { _id: 'r3', _deleted: true } },
          { id: '_design/tertib' },
          { nope: true },
        ],
        last_seq: '9',
      }),
    ).toEqual(['r1']);
    expect(changedIds({ error: 'unauthorized' })).toEqual([]);
    expect(
      heldIds({
        rows: [
          { id: 'a', key: 'a', value: { rev: '1-a' }, doc: { _id: 'a' } },
          { key: 'b', error: 'not_found' },
          { id: 'c', key: 'c', value: { rev: '2-c', deleted: true }, doc: null },
        ],
      }),
    ).toEqual(['a']);
    expect(heldIds('junk')).toEqual([]);
  });
});
