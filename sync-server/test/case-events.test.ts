import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';
import { eventDoc, reportDoc } from './sync-fixtures';

// The case lifecycle as the case screen writes it: one event per action, pushed to /db/events/_bulk_docs
// with the supervisor's own session. Legal steps are stored and reach the officer's changes feed; a step
// the status machine forbids is refused per document (403 `forbidden`), whatever the rest of the batch is.

type Row = { ok?: boolean; error?: string; reason?: string };

describe('case events through the gateway', () => {
  let t: TestEnv;
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const u = (n: string) => t.userPrefix + n;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    Object.assign(
      tokens,
      await addUsersAndLogIn(t, server, [
        ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
        ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
      ]),
    );
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  const push = async (token: string, docs: Array<{ id: string }>): Promise<Row[]> => {
    const res = await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token,
      body: { docs: docs.map((d) => ({ ...d, _id: d.id })) },
    });
    expect(res.status).toBe(201);
    return res.body as unknown as Row[];
  };
  const outcome = (rows: Row[]) => rows.map((r) => r.ok ?? r.error);

  it('stores each legal step, refuses forbidden ones per document, and the officer reads them all', async () => {
    const filed = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat');
    const res = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...filed, _id: filed.id }] },
    });
    expect((res.body as unknown as Row[])[0]?.ok).toBe(true);
    const report = { id: filed.id, author: u('ani'), team: 'regu-1', region: 'jakarta-pusat' };
    const by = (kind: string, extra: Record<string, unknown> = {}) =>
      eventDoc(kind, u('budi'), 'supervisor', report, extra);

    // Straight from menunggu to selesai: refused, while a legal verification in the same batch goes through.
    const skip = by('status-changed', { from: 'menunggu', to: 'selesai', note: 'Selesai' });
    const verify = by('verified');
    const first = await push(tokens.budi!, [skip, verify]);
    expect(outcome(first)).toEqual(['forbidden', true]);
    expect(first[0]?.reason).toMatch(/may not change a report from menunggu to selesai/);

    // Entering disposisi only through a `disposed` event (it needs the unit).
    const sneak = by('status-changed', { from: 'menunggu', to: 'disposisi' });
    expect(outcome(await push(tokens.budi!, [sneak]))).toEqual(['forbidden']);

    const steps = [
      by('disposed', { unit: 'Satpol PP Kec. Gambir' }),
      by('status-changed', { from: 'disposisi', to: 'koordinasi' }),
      by('status-changed', { from: 'koordinasi', to: 'dikerjakan' }),
      by('assigned', { assignedTeam: 'regu-1', assignedOfficer: null }),
      by('commented', { text: 'Tim regu-1 menuju lokasi.' }),
      by('status-changed', { from: 'dikerjakan', to: 'selesai', note: 'PKL ditertibkan.' }),
    ];
    expect(outcome(await push(tokens.budi!, steps))).toEqual(steps.map(() => true));

    // Reopening is an admin's; the officer changes no status, but may comment on her own report.
    const reopen = by('status-changed', { from: 'selesai', to: 'dikerjakan' });
    const officerStep = eventDoc('status-changed', u('ani'), 'officer', report, {
      from: 'dikerjakan',
      to: 'selesai',
    });
    const officerComment = eventDoc('commented', u('ani'), 'officer', report, { text: 'Terima kasih.' });
    expect(outcome(await push(tokens.budi!, [reopen]))).toEqual(['forbidden']);
    expect(outcome(await push(tokens.ani!, [officerStep, officerComment]))).toEqual(['forbidden', true]);

    // The author's feed carries every stored event of her report, and none of the refused ones.
    const feed = await api(server.url, 'GET', '/db/events/_changes?include_docs=true&since=0', {
      token: tokens.ani,
    });
    const ids = new Set((feed.body.results as Array<{ id: string }>).map((r) => r.id));
    for (const e of [verify, ...steps, officerComment]) expect(ids.has(e.id)).toBe(true);
    for (const e of [skip, sneak, reopen, officerStep]) expect(ids.has(e.id)).toBe(false);
  });
});
