// Where a report stands between this device and the server, derived from two facts only: whether the server
// holds the report, and whether the vault holds the server's receipt for each of its photos. "Terkirim"
// (`confirmed`) means the server confirmed both — never merely "we sent it" (DESIGN.md "Local data").

import type { Photo } from '../../../../domain/report';
import type { SyncState } from '../contracts';

/** A report's sync row state; `null` when the report has no row (it came from the server, or a crash). */
export type StoredState = SyncState | null;

/**
 * The server was seen holding a report. `pulled`: it came down the changes feed; a report this device did
 * not file (no row: a team mate's, or the officer's own after a reinstall) is on the server and counts as
 * confirmed. `pushed`: the server accepted our write, or already held it. Returns the new state, or null
 * when the row must not change (already further along, or rejected: only a correction clears that).
 */
export function stateWhenServerHolds(current: StoredState, how: 'pulled' | 'pushed'): SyncState | null {
  if (current === null) return how === 'pulled' ? 'confirmed' : 'sending';
  return current === 'pending' ? 'sending' : null;
}

/** `sending` becomes `confirmed` once every photo of the report has a receipt in the vault. */
export function stateWithReceipts(
  current: StoredState,
  photos: readonly Pick<Photo, 'sha256'>[],
  receipts: ReadonlySet<string>,
): SyncState | null {
  if (current !== 'sending') return null;
  return photos.every((p) => receipts.has(p.sha256)) ? 'confirmed' : null;
}

export interface PendingTotals {
  /** Reports the server has not confirmed (pending, sending, rejected) — the header's "unsent". */
  pendingReports: number;
  /** Distinct photos of those reports without a receipt yet. */
  pendingPhotos: number;
  /** Their size in bytes (each distinct photo counted once). */
  pendingBytes: number;
}

export function pendingTotals(
  reports: ReadonlyArray<{ state: StoredState; photos: readonly Pick<Photo, 'sha256' | 'bytes'>[] }>,
  receipts: ReadonlySet<string>,
): PendingTotals {
  let pendingReports = 0;
  const photos = new Map<string, number>();
  for (const report of reports) {
    if (report.state === 'confirmed') continue;
    pendingReports++;
    for (const photo of report.photos) {
      if (!receipts.has(photo.sha256)) photos.set(photo.sha256, Math.max(0, photo.bytes || 0));
    }
  }
  let pendingBytes = 0;
  for (const bytes of photos.values()) pendingBytes += bytes;
  return { pendingReports, pendingPhotos: photos.size, pendingBytes };
}

/**
 * What the device reports to the registry at each contact (issue 13): its unsent reports and their photos
 * without a receipt (as `pendingTotals` counts them for the sync bar), and when the oldest of those reports
 * was saved.
 */
export function deviceBacklog(
  reports: ReadonlyArray<{ state: StoredState; photos: readonly Pick<Photo, 'sha256' | 'bytes'>[]; createdAt: string }>,
  receipts: ReadonlySet<string>,
): { reports: number; photos: number; oldestAt: string | null } {
  const totals = pendingTotals(reports, receipts);
  let oldestAt: string | null = null;
  for (const r of reports) {
    if (r.state !== 'confirmed' && (oldestAt === null || r.createdAt < oldestAt)) oldestAt = r.createdAt;
  }
  return { reports: totals.pendingReports, photos: totals.pendingPhotos, oldestAt };
}

/**
 * A hand-over wipe may go ahead (issue 13): every report left is refused (it cannot be sent; the confirmation
 * counts it) and no event is pending at all — a deferred event waits for its report on the server, and a wipe
 * now would lose it without a count (the signed confirmation counts reports and photos only).
 */
export function settledForHandover(reports: ReadonlyArray<{ state: StoredState }>, pendingEvents: number): boolean {
  return pendingEvents === 0 && reports.every((r) => r.state === 'rejected');
}

/**
 * The reports to mark *ditolak* because a photo they show was refused for good (the vault's kept refusals,
 * sha256 → the server's reason): every one not refused already (its own reason stays) nor confirmed.
 */
export function photoRefusalMarks(
  reports: ReadonlyArray<{ id: string; state: StoredState; photos: readonly Pick<Photo, 'sha256'>[] }>,
  refusals: ReadonlyMap<string, string>,
): Array<{ id: string; reason: string }> {
  return reports.flatMap((r) => {
    if (r.state === 'rejected' || r.state === 'confirmed') return [];
    const reason = r.photos.map((p) => refusals.get(p.sha256)).find((x) => x !== undefined);
    return reason === undefined ? [] : [{ id: r.id, reason }];
  });
}
