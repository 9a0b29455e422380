import type { SyncPhase } from '../data/sync/sync-provider';

/**
 * The sync bar's phase words. A pass with nothing of this device's to send is still a pass (a supervisor's
 * pull, receipts coming back), but calling it "Mengirim…" beside "Semua laporan terkirim" says two opposite
 * things at once: then it is "Memperbarui…" (refreshing from the server), and a
 * failed pass is a delayed update, not a delayed sending.
 */
export function syncPhaseKey(
  phase: SyncPhase,
  pendingReports: number,
): `sync.phase.${SyncPhase | 'refreshing' | 'refreshError'}` {
  if (phase === 'syncing' && pendingReports === 0) return 'sync.phase.refreshing';
  if (phase === 'error' && pendingReports === 0) return 'sync.phase.refreshError';
  return `sync.phase.${phase}`;
}
