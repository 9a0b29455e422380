// Reports and events for the export tests: the awkward text an export must survive (separators, quotes,
// line breaks, Indonesian and other non-ASCII text, formula-looking input) and a report without a location.

import type { Report } from '../../../domain/report';
import type { ReportEvent } from '../../../domain/report-events';
import { aReport, anEvent, OTHER_ID } from '../../../domain/test-fixtures';

export const IDS = {
  a: '01HZX3K5Q7R8S9T0V1W2X3Y4Z5',
  b: OTHER_ID,
  c: '01HZX3K5Q7R8S9T0V1W2X3Y4ZA',
} as const;

export const sha = (c: string): string => c.repeat(64);

export const AWKWARD_REPORTS: Report[] = [
  aReport({
    id: IDS.a,
    description: 'PKL "Bu Siti", gerobak; menutup trotoar,\r\ndepan Pasar Senen — lanjut ke Jl. Kramat',
    placeNote: '=HYPERLINK("http://evil.example","klik")',
    area: {
      kelurahan: { code: '31.71.05.1001', name: 'Senen' },
      kecamatan: { code: '31.71.05', name: 'Senen' },
      kota: { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
    },
    photos: [
      { sha256: sha('a'), bytes: 345678, width: 1600, height: 1200 },
      { sha256: sha('b'), bytes: 298000, width: 1200, height: 1600 },
    ],
  }),
  aReport({
    id: IDS.b,
    categoryId: 'parkir-liar',
    description: '+62 812-3456 bilang "parkir resmi"\nTapi tidak ada karcis. Ñandú, café, 日本語 ✓',
    location: null,
    placeNote: '@warga -- lihat foto',
    team: null,
    photos: [{ sha256: sha('c'), bytes: 1000, width: 10, height: 10 }],
  }),
  aReport({
    id: IDS.c,
    description: "'=1+1 already quoted\tand a tab",
    placeNote: '-',
    location: {
      lat: -6.1754,
      lng: 106.8272,
      accuracyM: 8,
      source: 'manual',
      fixedAt: '2025-02-01T00:00:00.000Z',
    },
    capturedAt: '2025-01-31T17:30:00.000Z',
  }),
];

const ev = (kind: ReportEvent['kind'], at: string, id: string, over: Record<string, unknown> = {}) =>
  anEvent(kind, { reportId: IDS.a, at, id, ...over });

export const EVENTS_A: ReportEvent[] = [
  ev('verified', '2025-01-31T09:00:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y401'),
  ev('disposed', '2025-01-31T09:05:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y402', { unit: 'Satpol PP Kec. Senen' }),
  ev('assigned', '2025-01-31T09:06:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y403', {
    assignedTeam: 'regu-2',
    assignedOfficer: 'andi',
  }),
  // Stale: made offline against `menunggu`, arrives after the dispatch. History, not state.
  ev('status-changed', '2025-01-31T09:07:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y404', {
    from: 'koordinasi',
    to: 'dikerjakan',
  }),
  ev('status-changed', '2025-01-31T10:00:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y405', {
    from: 'disposisi',
    to: 'dikerjakan',
  }),
  ev('commented', '2025-01-31T10:30:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y406', {
    text: 'Gerobak sudah dipindah.',
  }),
  ev('status-changed', '2025-01-31T11:00:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y407', {
    from: 'dikerjakan',
    to: 'selesai',
  }),
  ev('photo-received', '2025-01-31T08:20:00.000Z', '01HZX3K5Q7R8S9T0V1W2X3Y408', {
    sha256: sha('a'),
    actor: 'tertib-server',
    actorRole: 'admin',
  }),
];
