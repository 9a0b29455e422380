import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicStatsResponse, StatsResponse } from '../../domain/api';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { dbNames } from '../src/couch';
import { backendHttp } from '../src/sync/backend-http';
import {
  addUsersAndLogIn,
  blockWrites,
  api,
  cleanup,
  externalCouch,
  makeTestEnv,
  repoRoot,
  startServer,
  type TestEnv,
  type TestServer,
  until,
} from './harness';
import {
  asRecord,
  expectedStats,
  OFFICIAL_NAMES,
  seedStats,
  STATS_PEOPLE,
  type Seeded,
} from './stats-fixtures';

// The statistics end to end on the real server: reports and events seeded through the gateway as their
// real authors, the materialiser folding them into states, the views counting, and every figure of
// `/api/stats` compared with a direct count over the seeded cases.

const BASE_DAY = '2026-03-02';

describe('statistics', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string> = {};
  let seeded: Seeded;
  const u = (n: string) => t.userPrefix + n;

  const stats = async (who: string, query = ''): Promise<StatsResponse> => {
    const res = await api(server.url, 'GET', `/api/stats${query}`, { token: tokens[who] });
    expect(res.status).toBe(200);
    return res.body as unknown as StatsResponse;
  };

  /** Waits until the materialiser has caught up with `total` counted reports in the admin's view. */
  const settled = (pred: (s: StatsResponse) => boolean, what: string) =>
    until(async () => {
      const s = await stats('citra');
      return pred(s) ? s : null;
    }, what);

  const relogin = async () => {
    // Sessions live in the backend, so they survive a restart; only the URL changes.
    expect((await api(server.url, 'GET', '/api/session', { token: tokens.citra })).status).toBe(200);
  };

  /**
   * The backend's databases while the server is stopped: the configured CouchDB, or the embedded backend on
   * DATA_DIR in a child process (LevelDB's locks belong to a process, and the server needs them back).
   */
  async function withBackend<T>(fn: (http: ReturnType<typeof backendHttp>) => Promise<T>): Promise<T> {
    if (externalCouch) return fn(backendHttp(externalCouch));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startEmbeddedBackend } = await import(${JSON.stringify(path.join(repoRoot, 'sync-server/src/backend/embedded.ts'))});
         const b = await startEmbeddedBackend(process.env.DATA_DIR);
         console.log('BACKEND ' + b.adminUrl);
         process.stdin.on('data', () => undefined);
         process.stdin.on('end', () => b.close().then(() => process.exit(0)));`,
      ],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: t.dataDir }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const adminUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /BACKEND (\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`backend child exited with ${code}: ${out}`)));
      });
      return await fn(backendHttp(adminUrl));
    } finally {
      child.stdin.end();
      await exited;
    }
  }

  /** The running server's backend, as its admin (DATA_DIR/server.json, or the configured CouchDB). */
  function compare(actual: StatsResponse, expected: ReturnType<typeof expectedStats>): void {
    expect(actual.total).toBe(expected.total);
    expect(actual.resolved).toBe(expected.resolved);
    expect(actual.rejected).toBe(expected.rejected);
    expect(actual.shareResolved).toBeCloseTo(expected.shareResolved!, 10);
    expect(actual.medianCloseMs).toBe(expected.medianCloseMs);
    expect(asRecord(actual.byStatus)).toEqual(expected.byStatus);
    expect(asRecord(actual.byCategory)).toEqual(expected.byCategory);
    expect(asRecord(actual.byTeam)).toEqual(expected.byTeam);
    expect(asRecord(actual.byDay)).toEqual(expected.byDay);
    expect(asRecord(actual.byKota)).toEqual(expected.byKota);
    for (const row of actual.byKota) expect(row.name).toBe(row.key === '-' ? '' : OFFICIAL_NAMES[row.key]);
    const perf = (rows: StatsResponse['teams']) =>
      Object.fromEntries(rows.map(({ key, ...rest }) => [key, rest]));
    expect(perf(actual.teams)).toEqual(expected.teams);
    expect(perf(actual.officers)).toEqual(expected.officers);
  }

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, STATS_PEOPLE);
    seeded = await seedStats(server.url, t, tokens, BASE_DAY);
    const all = expectedStats(seeded, t.userPrefix, null);
    await settled(
      (s) => s.total === all.total && s.resolved === all.resolved && s.rejected === all.rejected,
      'the seeded reports to be counted',
    );
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('gives an admin every figure of everything, equal to a direct count over the seeded reports', async () => {
    const s = await stats('citra');
    expect(s.scope).toEqual({ region: null });
    compare(s, expectedStats(seeded, t.userPrefix, null));
    // Spot checks of the definitions, so a shared mistake in fixture and server cannot hide.
    expect(s.total).toBe(13); // 14 reports, one linked as a duplicate
    expect(s.medianCloseMs).toBe(90 * 60_000); // 30, 60, 90, 135, 300 minutes
    expect(s.byStatus.map((r) => r.key)).toEqual([
      'menunggu',
      'disposisi',
      'koordinasi',
      'dikerjakan',
      'selesai',
      'ditolak',
    ]);
    expect(s.officers.find((o) => o.key === u('dodi'))).toEqual({
      key: u('dodi'),
      filed: 3,
      closed: 2, // one assigned to him by name, one he filed that nobody was assigned to
      medianCloseMs: 45 * 60_000,
    });
  });

  it('scopes a supervisor to their region, a date range to the reports filed in it', async () => {
    const pusat = await stats('budi');
    expect(pusat.scope).toEqual({ region: 'jakarta-pusat' });
    compare(pusat, expectedStats(seeded, t.userPrefix, 'jakarta-pusat'));
    compare(await stats('sari'), expectedStats(seeded, t.userPrefix, 'jakarta-utara'));

    const from = BASE_DAY;
    const to = '2026-03-03';
    const ranged = await stats('budi', `?from=${from}&to=${to}`);
    expect(ranged.range).toEqual({ from, to });
    compare(ranged, expectedStats(seeded, t.userPrefix, 'jakarta-pusat', { from, to }));
    // Every day of the range is listed, empty or not; the 01:30 WIB report is on its WIB day, not UTC's.
    expect(ranged.byDay.map((r) => r.key)).toEqual([BASE_DAY, '2026-03-03']);
    const third = await stats('budi', '?from=2026-03-04&to=2026-03-04');
    expect(third.byCategory.find((r) => r.key === 'reklame-tanpa-izin')?.count).toBe(1);
    // An admin asking for the same range sees both regions.
    compare(
      await stats('citra', `?from=${from}&to=${to}`),
      expectedStats(seeded, t.userPrefix, null, { from, to }),
    );
  });

  it('refuses officers, anonymous callers and malformed ranges', async () => {
    const officer = await api(server.url, 'GET', '/api/stats', { token: tokens.ani });
    expect(officer.status).toBe(403);
    expect(officer.body.error).toBe('forbidden');
    expect((await api(server.url, 'GET', '/api/stats')).status).toBe(401);
    for (const q of [
      '?from=2026-3-1',
      '?to=2026-02-30',
      '?from=2026-03-05&to=2026-03-01',
      '?from=2026-03-01&from=2026-03-02',
    ]) {
      const res = await api(server.url, 'GET', `/api/stats${q}`, { token: tokens.citra });
      expect(res.status, q).toBe(400);
    }
  });

  it('follows a new event live', async () => {
    const c = seeded.cases.find((x) => x.spec.outcome === 'dikerjakan')!;
    const before = await stats('budi');
    const event = {
      id: crypto.randomUUID(),
      type: 'event',
      kind: 'status-changed',
      reportId: c.report.id,
      actor: u('budi'),
      actorRole: 'supervisor',
      at: new Date(Date.parse(c.report.capturedAt) + 240 * 60_000).toISOString(),
      reportAuthor: c.report.author,
      reportTeam: c.report.team,
      reportRegion: c.report.region,
      from: 'dikerjakan',
      to: 'selesai',
    };
    const res = await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token: tokens.budi,
      body: { docs: [{ ...event, _id: event.id }] },
    });
    expect(res.status).toBe(201);
    const after = await until(async () => {
      const s = await stats('budi');
      return s.resolved === before.resolved + 1 ? s : null;
    }, 'the new selesai to be counted');
    expect(after.total).toBe(before.total);
    expect(asRecord(after.byStatus).dikerjakan ?? 0).toBe((asRecord(before.byStatus).dikerjakan ?? 0) - 1);
    // Now 30, 60, 135, 240, 300 in the region: the median moves to 135 minutes.
    expect(after.medianCloseMs).toBe(135 * 60_000);
    c.spec.outcome = 'selesai';
    c.spec.closeAfterMin = 240;
    c.closeMs = 240 * 60_000;
    compare(after, expectedStats(seeded, t.userPrefix, 'jakarta-pusat'));
  });

  it('catches up after a restart with what arrived while it was down, and never counts twice', async () => {
    const before = await stats('citra');
    await server.stop();
    const names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
    // While the server is down an event reaches the database by another path (another node of a CouchDB
    // cluster, a restore): the worker must find it through its checkpoint.
    const c = seeded.cases.find((x) => x.spec.outcome === 'menunggu' && x.spec.duplicateOf === undefined)!;
    await withBackend(async (http) => {
      const event = {
        _id: crypto.randomUUID(),
        type: 'event',
        kind: 'rejected',
        reportId: c.report.id,
        actor: u(c.report.region === 'jakarta-pusat' ? 'budi' : 'sari'),
        actorRole: 'supervisor',
        at: new Date(Date.parse(c.report.capturedAt) + 20 * 60_000).toISOString(),
        reportAuthor: c.report.author,
        reportTeam: c.report.team,
        reportRegion: c.report.region,
        reason: 'Ditolak saat server mati',
      };
      const put = await http.admin(`${names.events}/${event._id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      expect(put.status).toBe(201);
    });
    server = await startServer(t);
    await relogin();
    const after = await until(async () => {
      const s = await stats('citra');
      return s.rejected === before.rejected + 1 ? s : null;
    }, 'the event written while down to be counted');
    expect(after.total).toBe(before.total);
    c.spec.outcome = 'ditolak';
    compare(after, expectedStats(seeded, t.userPrefix, null));

    // Forget the checkpoint entirely: the worker folds every report again and the figures stay the same.
    await server.stop();
    await withBackend(async (http) => {
      const cp = await http.admin(`${names.states}/_local/worker-report-states`);
      const { _rev } = (await cp.json()) as { _rev: string };
      const del = await http.admin(`${names.states}/_local/worker-report-states?rev=${_rev}`, {
        method: 'DELETE',
      });
      expect(del.ok).toBe(true);
    });
    server = await startServer(t);
    await relogin();
    compare(await stats('citra'), expectedStats(seeded, t.userPrefix, null));
  });

  it('retries a batch that failed until the backend can take it, without a restart', async () => {
    const names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
    // The states database refuses every write for a while.
    const unblock = await blockWrites(t, names.states);
    const before = await stats('citra');
    const c = seeded.cases.find((x) => x.spec.outcome === 'disposisi')!;
    const event = {
      id: crypto.randomUUID(),
      type: 'event',
      kind: 'rejected',
      reportId: c.report.id,
      actor: u('budi'),
      actorRole: 'supervisor',
      at: new Date(Date.parse(c.report.capturedAt) + 30 * 60_000).toISOString(),
      reportAuthor: c.report.author,
      reportTeam: c.report.team,
      reportRegion: c.report.region,
      reason: 'Ditolak saat basis data statistik menolak tulisan',
    };
    const res = await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token: tokens.budi,
      body: { docs: [{ ...event, _id: event.id }] },
    });
    expect(res.status).toBe(201);
    await until(
      async () => /report states: .*blocked by the test.*retrying/.test(server.output()),
      'a failed batch to be retried',
    );
    expect((await stats('citra')).rejected).toBe(before.rejected);
    // Writes work again: the batch that kept failing goes through, with no restart.
    await unblock();
    c.spec.outcome = 'ditolak';
    const all = expectedStats(seeded, t.userPrefix, null);
    const after = await until(async () => {
      const s = await stats('citra');
      return s.rejected === all.rejected ? s : null;
    }, 'the retried batch to be folded');
    compare(after, all);
  });

  it('keeps the states database away from clients', async () => {
    for (const path of ['/db/tertib_report_states/', '/db/report_states/_all_docs', '/db/states/']) {
      const res = await api(server.url, 'GET', path, { token: tokens.citra });
      expect(res.status, path).toBe(404);
    }
  });

  describe('public statistics', () => {
    let body: PublicStatsResponse;
    let raw: string;
    let html: string;

    beforeAll(async () => {
      const res = await fetch(`${server.url}/api/public/stats`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      raw = await res.text();
      body = JSON.parse(raw) as PublicStatsResponse;
      const page = await fetch(`${server.url}/public`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      html = await page.text();
    });

    it('counts only up to yesterday (WIB): a report filed today cannot be watched arriving', () => {
      const yesterdayWib = new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      expect(body.through).toBe(yesterdayWib);
      expect(body.byDay.every((d) => d.key <= yesterdayWib)).toBe(true);
      expect(html).toContain(`<time datetime="${yesterdayWib}" id="through">`);
    });

    it('counts what the admin counts, without a login', () => {
      const all = expectedStats(seeded, t.userPrefix, null);
      expect(body.total).toBe(all.total);
      expect(body.resolved).toBe(all.resolved);
      expect(body.rejected).toBe(all.rejected);
      expect(asRecord(body.byStatus)).toEqual(all.byStatus);
      expect(asRecord(body.byCategory)).toEqual(all.byCategory);
      expect(asRecord(body.byDay)).toEqual(all.byDay);
      expect(body.byCategory.find((r) => r.key === 'pkl-trotoar')?.name).toBe(
        'Pedagang Kaki Lima di Trotoar',
      );
    });

    it('folds areas under the threshold into "other" and names areas officially', () => {
      const all = expectedStats(seeded, t.userPrefix, null);
      expect(body.suppressBelow).toBe(5);
      // Gambir has 5 reports; Sawah Besar 2 (a third is a linked duplicate), Kemayoran 1, Penjaringan 2.
      expect(body.byArea).toEqual([{ key: '31.71.01', name: 'Gambir', count: 5 }]);
      expect(body.otherAreas).toBe(
        all.byKecamatan['31.71.02']! + all.byKecamatan['31.71.03']! + all.byKecamatan['31.72.01']!,
      );
      expect(body.otherAreas).toBe(5);
      expect(body.withoutArea).toBe(all.byKecamatan['-']);
      expect(body.byArea.reduce((n, r) => n + r.count, 0) + body.otherAreas + body.withoutArea).toBe(
        body.total,
      );
      expect(raw).not.toMatch(/Sawah Besar|Kemayoran|Penjaringan|31\.71\.02|31\.71\.03|31\.72\.01/);
      expect(html).not.toMatch(/Sawah Besar|Kemayoran|Penjaringan/);
    });

    it('never carries a name, user id, description, place note, coordinate, photo hash or kelurahan', () => {
      expect(seeded.secrets.length).toBeGreaterThan(50);
      for (const secret of seeded.secrets) {
        expect(raw.includes(secret), secret).toBe(false);
        expect(html.includes(secret), secret).toBe(false);
      }
      for (const name of seeded.names) {
        const word = new RegExp(`(^|[^a-z0-9._-])${name.replace(/\./g, '\\.')}($|[^a-z0-9._-])`, 'i');
        expect(raw, name).not.toMatch(word);
        expect(html, name).not.toMatch(word);
      }
      // Not even the teams, the regions or anything that looks like a coordinate.
      for (const text of [raw, html]) {
        expect(text).not.toMatch(/regu-|jakarta-pusat|jakarta-utara|-6\.1\d|106\.8/);
      }
      expect(Object.keys(body).sort()).toEqual(
        [
          'ok',
          'generatedAt',
          'through',
          'suppressBelow',
          'total',
          'resolved',
          'rejected',
          'shareResolved',
          'byCategory',
          'byStatus',
          'byDay',
          'byArea',
          'otherAreas',
          'withoutArea',
        ].sort(),
      );
    });

    it('takes its suppression threshold from TERTIB_PUBLIC_MIN_COUNT', async () => {
      await server.stop();
      server = await startServer({ ...t, env: { ...t.env, TERTIB_PUBLIC_MIN_COUNT: '2' } });
      const res = await fetch(`${server.url}/api/public/stats`);
      const lower = (await res.json()) as PublicStatsResponse;
      expect(lower.suppressBelow).toBe(2);
      expect(lower.byArea).toEqual([
        { key: '31.71.01', name: 'Gambir', count: 5 },
        { key: '31.71.02', name: 'Sawah Besar', count: 2 },
        { key: '31.72.01', name: 'Penjaringan', count: 2 },
      ]);
      expect(lower.otherAreas).toBe(1); // Kemayoran's one report, not named
      expect(JSON.stringify(lower)).not.toMatch(/Kemayoran|31\.71\.03/);
    });

    it('is a page in Indonesian with the share resolved, accessible tables and a strict CSP', async () => {
      const res = await fetch(`${server.url}/public`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).not.toMatch(/unsafe-inline|script-src/);
      expect(html).toContain('<html lang="id">');
      const all = expectedStats(seeded, t.userPrefix, null);
      const percent = Math.round(all.shareResolved! * 100);
      expect(html).toContain(`${percent}% dari ${all.total - all.rejected} laporan selesai ditangani`);
      expect(html).not.toMatch(/<script|style="/);
      expect(html.match(/<table>/g)?.length).toBe(4);
      expect(html).toContain('<th scope="row">Gambir</th>');
      expect(html).toContain('Kecamatan lain (masing-masing kurang dari 5 laporan)');
    });
  });
});
