// Valid documents for tests to start from and break one field at a time. Not exported from index.ts.

import type { Report } from './report';
import type { ReportEvent } from './report-events';

export const REPORT_ID = '01HZX3K5Q7R8S9T0V1W2X3Y4Z5';
export const EVENT_ID = '01HZX3K5Q7R8S9T0V1W2X3Y4Z6';
export const OTHER_ID = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const SHA = 'a'.repeat(64);
export const T0 = '2025-01-31T08:15:30.123Z';

export function aReport(over: Partial<Report> = {}): Report {
  return {
    type: 'report',
    id: REPORT_ID,
    categoryId: 'pkl-trotoar',
    description: 'PKL menutup trotoar di depan pasar',
    location: { lat: -6.2297, lng: 106.8295, accuracyM: 12.5, source: 'device', fixedAt: T0 },
    capturedAt: T0,
    createdAt: T0,
    photos: [{ sha256: SHA, bytes: 345678, width: 1600, height: 1200 }],
    author: 'budi',
    team: 'regu-1',
    region: 'jaksel',
    deviceId: 'dev-7f3a',
    appVersion: '0.1.0',
    schemaVersion: 1,
    ...over,
  };
}

type Extra = Record<string, unknown>;

/** An event of the given kind, filed on the fixture report; `over` may add kind-specific fields. */
export function anEvent(kind: ReportEvent['kind'], over: Extra = {}): ReportEvent {
  const extra: Record<ReportEvent['kind'], Extra> = {
    submitted: {},
    verified: {},
    rejected: { reason: 'Bukan pelanggaran' },
    disposed: { unit: 'Satpol PP Kec. Tebet' },
    'status-changed': { from: 'disposisi', to: 'koordinasi' },
    assigned: { assignedTeam: 'regu-2', assignedOfficer: null },
    commented: { text: 'Sudah dicek' },
    'photo-received': { sha256: SHA },
    'linked-duplicate': { duplicateOf: OTHER_ID },
  };
  return {
    type: 'event',
    id: EVENT_ID,
    reportId: REPORT_ID,
    kind,
    actor: 'sari',
    actorRole: 'supervisor',
    at: T0,
    reportAuthor: 'budi',
    reportTeam: 'regu-1',
    reportRegion: 'jaksel',
    ...extra[kind],
    ...over,
  } as ReportEvent;
}
