import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import id from '../i18n/id.json';
import type { SyncPhase } from '../data/sync/sync-provider';
import { syncPhaseKey } from './sync-bar-text';

const PHASES: SyncPhase[] = ['idle', 'syncing', 'offline', 'error', 'auth-required'];

function words(dict: typeof id, key: string): string {
  const [, , name] = key.split('.');
  return (dict.sync.phase as Record<string, string>)[name!]!;
}

describe('sync bar phase words', () => {
  it('never says it is sending while it also says everything is sent', () => {
    for (const phase of PHASES) {
      // With nothing pending the bar says "Semua laporan terkirim"; the phase must not contradict it.
      expect(words(id, syncPhaseKey(phase, 0))).not.toMatch(/^(Mengirim|Pengiriman)/);
      expect(words(en, syncPhaseKey(phase, 0))).not.toMatch(/^Sending/);
    }
  });

  it('says it is sending while something of this device is on its way', () => {
    expect(words(id, syncPhaseKey('syncing', 2))).toBe('Mengirim…');
    expect(words(id, syncPhaseKey('syncing', 0))).toBe('Memperbarui…');
    for (const phase of PHASES) expect(words(en, syncPhaseKey(phase, 3))).toBeTruthy();
  });
});
