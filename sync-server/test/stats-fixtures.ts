import crypto from 'node:crypto';
import { api, type TestEnv } from './harness';

// A seeded data set for the statistics tests (server and e2e): reports and events written through the real
// gateway as their real authors, with known outcomes and times. `expectedStats` then counts the same
// figures directly from the case list — independently of the server's fold and views — for the tests to
// compare against.

export const STATS_PEOPLE: Array<[name: string, role: string, extra: string[]]> = [
  ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
  ['eko', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
  ['dodi', 'officer', ['--team', 'regu-2', '--region', 'jakarta-pusat']],
  ['fajar', 'officer', ['--team', 'regu-3', '--region', 'jakarta-utara']],
  ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
  ['sari', 'supervisor', ['--region', 'jakarta-utara']],
  ['citra', 'admin', []],
];

const TEAM: Record<string, string> = { ani: 'regu-1', eko: 'regu-1', dodi: 'regu-2', fajar: 'regu-3' };
const REGION: Record<string, string> = {
  ani: 'jakarta-pusat',
  eko: 'jakarta-pusat',
  dodi: 'jakarta-pusat',
  fajar: 'jakarta-utara',
};
const SUPERVISOR: Record<string, string> = { 'jakarta-pusat': 'budi', 'jakarta-utara': 'sari' };

type AreaName = 'gambir' | 'sawah-besar' | 'kemayoran' | 'penjaringan';
/** Kecamatan, kota and one kelurahan each (real Kemendagri codes; the report's names are deliberately odd). */
export const AREAS: Record<
  AreaName,
  { kecamatan: [string, string]; kota: [string, string]; kelurahan: [string, string] }
> = {
  gambir: { kecamatan: ['317101', 'Gambir'], kota: ['3171', 'Jakpus'], kelurahan: ['3171011002', 'Cideng'] },
  'sawah-besar': {
    kecamatan: ['31.71.02', 'Sawah Besar'],
    kota: ['31.71', 'Jakpus'],
    kelurahan: ['31.71.02.1001', 'Pasar Baru'],
  },
  kemayoran: {
    kecamatan: ['31.71.03', 'Kemayoran'],
    kota: ['31.71', 'Jakpus'],
    kelurahan: ['31.71.03.1005', 'Harapan Mulya'],
  },
  penjaringan: {
    kecamatan: ['31.72.01', 'Penjaringan'],
    kota: ['31.72', 'Jakut'],
    kelurahan: ['31.72.01.1001', 'Kamal Muara'],
  },
};
export const OFFICIAL_NAMES: Record<string, string> = {
  '31.71.01': 'Gambir',
  '31.71.02': 'Sawah Besar',
  '31.71.03': 'Kemayoran',
  '31.72.01': 'Penjaringan',
  '31.71': 'Kota Administrasi Jakarta Pusat',
  '31.72': 'Kota Administrasi Jakarta Utara',
};

export type Outcome = 'menunggu' | 'disposisi' | 'koordinasi' | 'dikerjakan' | 'selesai' | 'ditolak';

export interface StatsCase {
  officer: string;
  category: string;
  /** Days after the base day, and the WIB time of day (hours, may be fractional). */
  day: number;
  hourWib: number;
  area: AreaName | null;
  outcome: Outcome;
  /** Minutes from capture to `selesai`. */
  closeAfterMin?: number;
  assign?: { team: string | null; officer: string | null };
  /** Index of the case this one is linked to as a duplicate. */
  duplicateOf?: number;
}

export const STATS_CASES: StatsCase[] = [
  {
    officer: 'ani',
    category: 'pkl-trotoar',
    day: 0,
    hourWib: 8,
    area: 'gambir',
    outcome: 'selesai',
    closeAfterMin: 135,
  },
  {
    officer: 'ani',
    category: 'parkir-liar',
    day: 0,
    hourWib: 9,
    area: 'gambir',
    outcome: 'selesai',
    closeAfterMin: 60,
    assign: { team: 'regu-2', officer: 'dodi' },
  },
  { officer: 'eko', category: 'pkl-trotoar', day: 0, hourWib: 10, area: 'gambir', outcome: 'ditolak' },
  { officer: 'eko', category: 'kesehatan', day: 1, hourWib: 8, area: 'gambir', outcome: 'dikerjakan' },
  {
    officer: 'dodi',
    category: 'parkir-liar',
    day: 1,
    hourWib: 9,
    area: 'gambir',
    outcome: 'selesai',
    closeAfterMin: 300,
    assign: { team: 'regu-2', officer: null },
  },
  { officer: 'dodi', category: 'pkl-trotoar', day: 1, hourWib: 10, area: 'sawah-besar', outcome: 'menunggu' },
  {
    officer: 'ani',
    category: 'pkl-trotoar',
    day: 1,
    hourWib: 10.1,
    area: 'sawah-besar',
    outcome: 'menunggu',
    duplicateOf: 5,
  },
  // 01:30 WIB: the previous day in UTC — counted on its WIB day.
  {
    officer: 'eko',
    category: 'reklame-tanpa-izin',
    day: 2,
    hourWib: 1.5,
    area: 'kemayoran',
    outcome: 'koordinasi',
  },
  { officer: 'ani', category: 'kerumunan-masker', day: 2, hourWib: 8, area: null, outcome: 'disposisi' },
  {
    officer: 'dodi',
    category: 'kesehatan',
    day: 2,
    hourWib: 9,
    area: null,
    outcome: 'selesai',
    closeAfterMin: 30,
  },
  { officer: 'ani', category: 'parkir-liar', day: 3, hourWib: 8, area: 'sawah-besar', outcome: 'menunggu' },
  {
    officer: 'fajar',
    category: 'pkl-trotoar',
    day: 0,
    hourWib: 8,
    area: 'penjaringan',
    outcome: 'selesai',
    closeAfterMin: 90,
  },
  { officer: 'fajar', category: 'kesehatan', day: 1, hourWib: 8, area: 'penjaringan', outcome: 'menunggu' },
  { officer: 'fajar', category: 'parkir-liar', day: 2, hourWib: 8, area: null, outcome: 'ditolak' },
];

export interface SeededCase {
  spec: StatsCase;
  report: Record<string, unknown> & { id: string; capturedAt: string; author: string };
  day: string;
  closeMs: number | null;
}

export interface Seeded {
  cases: SeededCase[];
  /** Everything a person wrote, and every exact place, photo and id: none of it may appear in public output. */
  secrets: string[];
  /** The user names (short words: checked as whole words, "ani" is inside "ditangani"). */
  names: string[];
}

const MIN = 60_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The WIB day `n` days before now. */
export function wibDaysAgo(n: number): string {
  return addDays(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10), -n);
}

function areaOf(name: AreaName) {
  const a = AREAS[name];
  const ref = ([code, n]: [string, string]) => ({ code, name: n });
  return { kecamatan: ref(a.kecamatan), kota: ref(a.kota), kelurahan: ref(a.kelurahan) };
}

async function push(
  base: string,
  db: 'reports' | 'events',
  token: string,
  docs: Array<Record<string, unknown> & { id: string }>,
): Promise<void> {
  const res = await api(base, 'POST', `/db/${db}/_bulk_docs`, {
    token,
    body: { docs: docs.map((d) => ({ ...d, _id: d.id })) },
  });
  const rows = res.body as unknown as Array<{ ok?: boolean; error?: string; reason?: string }>;
  if (res.status !== 201 || !Array.isArray(rows) || rows.some((r) => !r.ok)) {
    throw new Error(`seeding ${db} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/**
 * Writes the cases through the gateway: each report as its officer, then each event as the region's
 * supervisor, at the case's known times. `base` is the WIB day of `day: 0`.
 */
export async function seedStats(
  serverUrl: string,
  t: TestEnv,
  tokens: Record<string, string>,
  base: string,
  cases: StatsCase[] = STATS_CASES,
): Promise<Seeded> {
  const u = (n: string) => t.userPrefix + n;
  const seeded: SeededCase[] = [];
  const secrets = new Set<string>();
  for (const [i, spec] of cases.entries()) {
    const id = crypto.randomUUID();
    const day = addDays(base, spec.day);
    const capturedMs = Date.parse(`${day}T00:00:00.000Z`) - 7 * 3600_000 + spec.hourWib * 3600_000;
    const capturedAt = new Date(capturedMs).toISOString();
    const lat = -6.1 - i * 0.001234 - 0.000017;
    const lng = 106.8 + i * 0.002345 + 0.000013;
    const sha = crypto.createHash('sha256').update(`foto-${id}`).digest('hex');
    const report = {
      id,
      type: 'report' as const,
      categoryId: spec.category,
      description: `Uraian rahasia nomor ${i} tentang pelanggaran`,
      placeNote: `Patokan rahasia ${i} dekat warung`,
      location: { lat, lng, accuracyM: 7.5, source: 'device', fixedAt: capturedAt },
      capturedAt,
      createdAt: capturedAt,
      photos: [{ sha256: sha, bytes: 1000, width: 1600, height: 1200 }],
      author: u(spec.officer),
      team: TEAM[spec.officer]!,
      region: REGION[spec.officer]!,
      ...(spec.area ? { area: areaOf(spec.area) } : {}),
      deviceId: 'device-stats',
      appVersion: '0.1.0',
      schemaVersion: 1,
    };
    await push(serverUrl, 'reports', tokens[spec.officer]!, [report]);
    for (const s of [report.description, report.placeNote, sha, String(lat), String(lng), id]) secrets.add(s);
    if (spec.area) secrets.add(AREAS[spec.area].kelurahan[1]).add(AREAS[spec.area].kelurahan[0]);
    seeded.push({
      spec,
      report,
      day,
      closeMs: spec.outcome === 'selesai' ? spec.closeAfterMin! * MIN : null,
    });
  }
  for (const c of seeded) {
    const supervisor = SUPERVISOR[c.report.region as string]!;
    const events = eventsFor(c, seeded, t.userPrefix, u(supervisor));
    if (events.length) await push(serverUrl, 'events', tokens[supervisor]!, events);
  }
  return { cases: seeded, secrets: [...secrets], names: STATS_PEOPLE.map(([name]) => u(name)) };
}

function eventsFor(
  c: SeededCase,
  all: SeededCase[],
  prefix: string,
  supervisor: string,
): Array<Record<string, unknown> & { id: string }> {
  const t0 = Date.parse(c.report.capturedAt);
  const at = (min: number) => new Date(t0 + min * MIN).toISOString();
  const base = (kind: string, min: number, extra: Record<string, unknown>) => ({
    id: crypto.randomUUID(),
    type: 'event',
    kind,
    reportId: c.report.id,
    actor: supervisor,
    actorRole: 'supervisor',
    at: at(min),
    reportAuthor: c.report.author,
    reportTeam: c.report.team,
    reportRegion: c.report.region,
    ...extra,
  });
  const events: Array<Record<string, unknown> & { id: string }> = [];
  const { spec } = c;
  if (spec.duplicateOf !== undefined) {
    events.push(base('linked-duplicate', 1, { duplicateOf: all[spec.duplicateOf]!.report.id }));
  }
  if (spec.assign) {
    events.push(
      base('assigned', 5, {
        assignedTeam: spec.assign.team,
        assignedOfficer: spec.assign.officer === null ? null : prefix + spec.assign.officer,
      }),
    );
  }
  const steps: Record<Outcome, Array<[string, Record<string, unknown>]>> = {
    menunggu: [],
    ditolak: [['rejected', { reason: 'Bukan pelanggaran' }]],
    disposisi: [['disposed', { unit: 'Satpol PP Kecamatan' }]],
    koordinasi: [
      ['disposed', { unit: 'Satpol PP Kecamatan' }],
      ['status-changed', { from: 'disposisi', to: 'koordinasi' }],
    ],
    dikerjakan: [
      ['disposed', { unit: 'Satpol PP Kecamatan' }],
      ['status-changed', { from: 'disposisi', to: 'dikerjakan' }],
    ],
    selesai: [
      ['disposed', { unit: 'Satpol PP Kecamatan' }],
      ['status-changed', { from: 'disposisi', to: 'dikerjakan' }],
    ],
  };
  steps[spec.outcome].forEach(([kind, extra], i) => events.push(base(kind, 10 + i * 5, extra)));
  if (spec.outcome === 'selesai') {
    events.push(base('status-changed', spec.closeAfterMin!, { from: 'dikerjakan', to: 'selesai' }));
  }
  return events;
}

export function medianOf(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** The figures `/api/stats` must give, counted directly from the cases. */
export function expectedStats(
  seeded: Seeded,
  prefix: string,
  region: string | null,
  range: { from?: string; to?: string } = {},
) {
  const counted = seeded.cases.filter(
    (c) =>
      c.spec.duplicateOf === undefined &&
      (region === null || c.report.region === region) &&
      (!range.from || c.day >= range.from) &&
      (!range.to || c.day <= range.to),
  );
  const closed = counted.filter((c) => c.spec.outcome === 'selesai');
  const handlerTeam = (c: SeededCase) => c.spec.assign?.team ?? (c.report.team as string);
  const handlerOfficer = (c: SeededCase) =>
    c.spec.assign
      ? c.spec.assign.officer === null
        ? null
        : prefix + c.spec.assign.officer
      : c.report.author;
  const perf = (filedKey: (c: SeededCase) => string, closedKey: (c: SeededCase) => string | null) => {
    const out: Record<string, { filed: number; closed: number; medianCloseMs: number | null }> = {};
    for (const c of counted) {
      const k = filedKey(c);
      out[k] ??= { filed: 0, closed: 0, medianCloseMs: null };
      out[k].filed++;
    }
    const durations: Record<string, number[]> = {};
    for (const c of closed) {
      const k = closedKey(c);
      if (k === null) continue;
      (durations[k] ??= []).push(c.closeMs!);
    }
    for (const [k, list] of Object.entries(durations)) {
      out[k] ??= { filed: 0, closed: 0, medianCloseMs: null };
      out[k].closed = list.length;
      out[k].medianCloseMs = medianOf(list);
    }
    return out;
  };
  const total = counted.length;
  const resolved = closed.length;
  const rejected = counted.filter((c) => c.spec.outcome === 'ditolak').length;
  return {
    total,
    resolved,
    rejected,
    shareResolved: total - rejected > 0 ? resolved / (total - rejected) : null,
    medianCloseMs: medianOf(closed.map((c) => c.closeMs!)),
    byStatus: countBy(counted, (c) => c.spec.outcome),
    byCategory: countBy(counted, (c) => c.spec.category),
    byTeam: countBy(counted, (c) => c.report.team as string),
    byDay: countBy(counted, (c) => c.day),
    byKota: countBy(counted, (c) =>
      c.spec.area ? AREAS[c.spec.area].kota[0].replace(/^(\d\d)\.?(\d\d)$/, '$1.$2') : '-',
    ),
    byKecamatan: countBy(counted, (c) =>
      c.spec.area ? AREAS[c.spec.area].kecamatan[0].replace(/^(\d\d)\.?(\d\d)\.?(\d\d)$/, '$1.$2.$3') : '-',
    ),
    teams: perf((c) => c.report.team as string, handlerTeam),
    officers: perf((c) => c.report.author, handlerOfficer),
  };
}

/** A `CountRow[]` as a plain record, zero rows left out, for comparing with `expectedStats`. */
export function asRecord(rows: Array<{ key: string; count: number }>): Record<string, number> {
  return Object.fromEntries(rows.filter((r) => r.count > 0).map((r) => [r.key, r.count]));
}
