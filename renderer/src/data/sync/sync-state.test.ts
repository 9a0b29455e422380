import { describe, expect, it } from 'vitest';
import type { SyncState } from '../contracts';
import {
  deviceBacklog,
  pendingTotals,
  photoRefusalMarks,
  settledForHandover,
  stateWhenServerHolds,
  stateWithReceipts,
  type StoredState,
} from './sync-state';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('stateWhenServerHolds', () => {
  it.each<[StoredState, 'pulled' | 'pushed', SyncState | null]>([
    // Filed here, accepted by the server: photos still need receipts.
    ['pending', 'pushed', 'sending'],
    ['pending', 'pulled', 'sending'],
    // Not filed on this device: a team mate's report, or our own after a reinstall.
    [null, 'pulled', 'confirmed'],
    // A row lost in a crash between the two writes of save(): the receipts still decide.
    [null, 'pushed', 'sending'],
    ['sending', 'pushed', null],
    ['sending', 'pulled', null],
    ['confirmed', 'pulled', null],
    ['confirmed', 'pushed', null],
    // Only a correction clears a rejection.
    ['rejected', 'pushed', null],
    ['rejected', 'pulled', null],
  ])('%s + %s → %s', (current, how, next) => {
    expect(stateWhenServerHolds(current, how)).toBe(next);
  });
});

describe('stateWithReceipts', () => {
  const photos = [{ sha256: A }, { sha256: B }];
  it('confirms a report on the server only when every photo has a receipt', () => {
    expect(stateWithReceipts('sending', photos, new Set())).toBeNull();
    expect(stateWithReceipts('sending', photos, new Set([A]))).toBeNull();
    expect(stateWithReceipts('sending', photos, new Set([A, B, C]))).toBe('confirmed');
  });
  it('never confirms a report the server does not hold', () => {
    for (const s of ['pending', 'rejected', null] as const) {
      expect(stateWithReceipts(s, photos, new Set([A, B]))).toBeNull();
    }
    expect(stateWithReceipts('confirmed', photos, new Set())).toBeNull();
  });
});

describe('pendingTotals', () => {
  it('counts unconfirmed reports and their distinct photos without receipts, with bytes', () => {
    const totals = pendingTotals(
      [
        { state: 'pending', photos: [{ sha256: A, bytes: 1000 }, { sha256: B, bytes: 2000 }] },
        // The same photo in two reports is sent once.
        { state: 'rejected', photos: [{ sha256: A, bytes: 1000 }] },
        { state: 'sending', photos: [{ sha256: C, bytes: 4000 }] },
        { state: null, photos: [] },
        { state: 'confirmed', photos: [{ sha256: 'd'.repeat(64), bytes: 8000 }] },
      ],
      new Set([C]),
    );
    expect(totals).toEqual({ pendingReports: 4, pendingPhotos: 2, pendingBytes: 3000 });
  });
  it('is zero when everything is confirmed, and ignores nonsense sizes', () => {
    expect(pendingTotals([{ state: 'confirmed', photos: [{ sha256: A, bytes: 9 }] }], new Set())).toEqual({
      pendingReports: 0,
      pendingPhotos: 0,
      pendingBytes: 0,
    });
    expect(pendingTotals([{ state: 'pending', photos: [{ sha256: A, bytes: -5 }] }], new Set()).pendingBytes).toBe(0);
  });
});

describe('deviceBacklog (issue 13: what the registry is told)', () => {
  const photo = (sha256: string) => ({ sha256, bytes: 100 });
  it('counts unconfirmed reports, their photos without a receipt once each, and the oldest saved time', () => {
    const receipts = new Set(['b']);
    expect(
      deviceBacklog(
        [
          { state: 'confirmed', photos: [photo('z')], createdAt: '2026-01-01T00:00:00.000Z' },
          { state: 'pending', photos: [photo('a'), photo('b')], createdAt: '2026-03-02T00:00:00.000Z' },
          { state: 'rejected', photos: [photo('a')], createdAt: '2026-03-01T00:00:00.000Z' },
          { state: 'sending', photos: [photo('c')], createdAt: '2026-03-03T00:00:00.000Z' },
        ],
        receipts,
      ),
    ).toEqual({ reports: 3, photos: 2, oldestAt: '2026-03-01T00:00:00.000Z' });
  });
  it('is empty with nothing unsent', () => {
    expect(
      deviceBacklog([{ state: 'confirmed', photos: [], createdAt: '2026-01-01T00:00:00.000Z' }], new Set()),
    ).toEqual({ reports: 0, photos: 0, oldestAt: null });
  });
});

describe('settledForHandover (issue 13: when a hand-over may wipe)', () => {
  it('goes ahead when only refused reports are left and no event is pending', () => {
    expect(settledForHandover([{ state: 'rejected' }], 0)).toBe(true);
    expect(settledForHandover([], 0)).toBe(true);
  });
  it('waits while a report is unsent or waiting for its receipt', () => {
    for (const state of ['pending', 'sending', null] as const) {
      expect(settledForHandover([{ state: 'rejected' }, { state }], 0)).toBe(false);
    }
  });
  it('waits while any event is pending, a deferred one included (the confirmation has no count for events)', () => {
    expect(settledForHandover([], 1)).toBe(false);
    expect(settledForHandover([{ state: 'rejected' }], 2)).toBe(false);
  });
});

describe('photoRefusalMarks (a photo refused for good makes its reports ditolak)', () => {
  const refused = new Map([[A, 'Signature refused: the signature does not match the document.']]);
  it('marks every report showing a kept refusal with its reason, whatever pass the refusal came from', () => {
    expect(
      photoRefusalMarks(
        [
          { id: 'r-1', state: 'pending', photos: [{ sha256: B }, { sha256: A }] },
          { id: 'r-2', state: 'sending', photos: [{ sha256: A }] },
          { id: 'r-3', state: null, photos: [{ sha256: A }] },
          { id: 'r-4', state: 'pending', photos: [{ sha256: B }] },
        ],
        refused,
      ),
    ).toEqual([
      { id: 'r-1', reason: refused.get(A) },
      { id: 'r-2', reason: refused.get(A) },
      { id: 'r-3', reason: refused.get(A) },
    ]);
  });
  it('leaves a report refused for its own reason, and a confirmed one, alone', () => {
    expect(
      photoRefusalMarks(
        [
          { id: 'r-1', state: 'rejected', photos: [{ sha256: A }] },
          { id: 'r-2', state: 'confirmed', photos: [{ sha256: A }] },
        ],
        refused,
      ),
    ).toEqual([]);
  });
});
