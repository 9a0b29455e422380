// The verifier's lines in Indonesian (default) and English, shared by the CLI and the app screen.

import type { BundleVerdict, CheckId, CheckResult } from './verify-bundle';

export type VerifyLang = 'id' | 'en';

const NAMES: Record<CheckId, Record<VerifyLang, string>> = {
  manifest: {
    id: 'Daftar isi (manifest): setiap berkas sesuai sidik jari sha256',
    en: 'Manifest: every file matches its sha256',
  },
  serverKey: { id: 'Kunci publik server ada', en: "Server's public key present" },
  reportSignature: { id: 'Tanda tangan perangkat pada laporan', en: 'Device signature on the report' },
  eventSignatures: {
    id: 'Tanda tangan perangkat pada setiap peristiwa',
    en: 'Device signature on every event',
  },
  photoSignatures: {
    id: 'Tanda tangan perangkat pada setiap dokumen foto, sesuai bytes JPEG',
    en: 'Device signature on every photo document, matching the JPEG bytes',
  },
  revokedDevices: {
    id: 'Tidak ada yang ditandatangani perangkat yang sudah dicabut',
    en: 'Nothing signed by a device revoked before the server received it',
  },
  chain: {
    id: 'Rantai peristiwa utuh (tidak ada yang hilang, disisipkan, atau ditukar)',
    en: 'Event chain intact (nothing removed, inserted or swapped)',
  },
  photos: { id: 'Foto utuh dan milik kasus ini', en: 'Photos intact and belonging to this case' },
  receipts: {
    id: 'Tanda terima server sah untuk laporan, peristiwa, dan foto',
    en: "Server's receipts valid for the report, events and photos",
  },
  checkpoint: {
    id: 'Checkpoint server memuat semua tanda terima kasus ini',
    en: 'Server checkpoint includes every receipt of this case',
  },
  clock: {
    id: 'Selisih jam perangkat dan penerimaan server (menit / batas)',
    en: 'Device clock vs server receipt (minutes / limit)',
  },
};

const MARK: Record<CheckResult['status'], string> = { ok: '✓', fail: '✗', warn: '⚠' };

export const checkName = (id: CheckId, lang: VerifyLang): string => NAMES[id][lang];

export function formatVerdict(verdict: BundleVerdict, lang: VerifyLang): string[] {
  const lines = verdict.checks.map(
    (c) => `${MARK[c.status]} ${checkName(c.id, lang)}${c.detail ? ` — ${c.detail}` : ''}`,
  );
  const caseLine = verdict.caseId
    ? lang === 'id'
      ? `Kasus ${verdict.caseId}`
      : `Case ${verdict.caseId}`
    : '';
  const summary = verdict.ok
    ? lang === 'id'
      ? 'Berkas SAH: semua pemeriksaan terpenuhi.'
      : 'Bundle VALID: every check holds.'
    : lang === 'id'
      ? 'Berkas TIDAK SAH: ada pemeriksaan yang gagal.'
      : 'Bundle NOT VALID: some checks fail.';
  return [...(caseLine ? [caseLine] : []), ...lines, summary];
}
