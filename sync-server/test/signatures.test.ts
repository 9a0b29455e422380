import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  logInAgain,
  api,
  cleanup,
  liveBackend,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';
import {
  chainFields,
  photoDocument,
  testDevice,
  testJpeg,
  uploadPhoto,
  type TestDevice,
  type TestPhoto,
} from './evidence-fixtures';
import { eventDoc, reportDoc } from './sync-fixtures';

type Row = { id: string; ok?: true; error?: string; reason?: string };

describe('the gateway checks device signatures per document', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;
  let u: (name: string) => string;
  let ani: TestDevice;
  let budiDevice: TestDevice;

  beforeAll(async () => {
    t = makeTestEnv();
    u = (name) => t.userPrefix + name;
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['sari', 'supervisor', ['--region', 'jakarta-pusat']],
      ['citra', 'admin', []],
    ]);
    ani = testDevice(u('ani'));
    budiDevice = testDevice(u('budi'));
    expect(await ani.register(server.url, tokens.ani!)).toBe(201);
    expect(await budiDevice.register(server.url, tokens.budi!)).toBe(201);
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  const push = async (who: string, db: 'reports' | 'events', docs: Array<Record<string, unknown>>) => {
    const res = await api(server.url, 'POST', `/db/${db}/_bulk_docs`, {
      token: tokens[who]!,
      body: { docs: docs.map(({ id, ...rest }) => ({ _id: id, ...rest })) },
    });
    expect(res.status).toBe(201);
    return res.body as unknown as Row[];
  };
  /** Signs `who` in again: a lost/stolen order (a revoke) ends the user's sessions. */
  const signInAgain = async (who: string) => {
    tokens[who] = await logInAgain(t, server, who);
  };
  const aniReport = (extra: Record<string, unknown> = {}) =>
    reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', { schemaVersion: 2, ...extra });

  it('stores a signed report and refuses, in the same batch, each bad one with its reason', async () => {
    const good = ani.sign(aniReport());
    const tampered = { ...ani.sign(aniReport()), description: 'Diubah setelah ditandatangani.' };
    const unsigned = { ...aniReport(), deviceId: ani.id };
    const unknown = testDevice(u('ani')).sign(aniReport());
    const othersDevice = budiDevice.sign(aniReport());
    const legacy = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat'); // schemaVersion 1, made before signing
    const rows = await push('ani', 'reports', [good, tampered, unsigned, unknown, othersDevice, legacy]);
    expect(rows[0]).toMatchObject({ id: good.id, ok: true });
    expect(rows[1]).toMatchObject({
      error: 'forbidden',
      reason: 'Signature refused: the signature does not match the document.',
    });
    expect(rows[2]).toMatchObject({ error: 'forbidden' });
    expect(rows[2]!.reason).toMatch(/^Unsigned report/);
    expect(rows[3]!.reason).toMatch(/^Signature refused: unknown device/);
    expect(rows[4]!.reason).toMatch(/registered to another account/);
    expect(rows[5]).toMatchObject({ id: legacy.id, ok: true });
  });

  it('refuses what a revoked device signs from the revocation on', async () => {
    const device = testDevice(u('ani'));
    expect(await device.register(server.url, tokens.ani!)).toBe(201);
    const before = device.sign(aniReport());
    expect((await push('ani', 'reports', [before]))[0]).toMatchObject({ ok: true });
    const revoke = await api(server.url, 'POST', `/api/devices/${device.id}/revoke`, {
      token: tokens.citra!,
      body: { reason: 'Laptop hilang' },
    });
    expect(revoke.status).toBe(200);
    await signInAgain('ani'); // a lost/stolen order ends the user's sessions; she signs in on another laptop
    const after = device.sign(aniReport());
    const [row] = await push('ani', 'reports', [after]);
    expect(row).toMatchObject({ error: 'forbidden' });
    expect(row!.reason).toBe(`Signature refused: device "${device.id}" was revoked (Laptop hilang).`);
    // A retry of what was stored before the revocation is still answered as stored.
    expect((await push('ani', 'reports', [before]))[0]).toMatchObject({ ok: true });
  });

  it('stores signed events chained to their report, and refuses a wrong report hash or an unsigned linked event', async () => {
    const report = ani.sign(aniReport());
    expect((await push('ani', 'reports', [report]))[0]).toMatchObject({ ok: true });
    const sari = testDevice(u('sari'));
    expect(await sari.register(server.url, tokens.sari!)).toBe(201);
    const base = { id: report.id, author: u('ani'), team: 'regu-1', region: 'jakarta-pusat' };
    const first = sari.sign(
      eventDoc('verified', u('sari'), 'supervisor', base, await chainFields(report, null)),
    );
    const second = sari.sign(
      eventDoc('commented', u('sari'), 'supervisor', base, {
        text: 'Dicek',
        ...(await chainFields(report, first)),
      }),
    );
    const otherReport = sari.sign(
      eventDoc('commented', u('sari'), 'supervisor', base, {
        text: 'Salah laporan',
        ...(await chainFields({ ...report, description: 'lain' }, first)),
      }),
    );
    const unsignedLinked = eventDoc('commented', u('sari'), 'supervisor', base, {
      text: 'Tanpa tanda tangan',
      deviceId: sari.id,
      ...(await chainFields(report, first)),
    });
    const legacy = eventDoc('commented', u('sari'), 'supervisor', base, { text: 'Versi lama' });
    const rows = await push('sari', 'events', [first, second, otherReport, unsignedLinked, legacy]);
    expect(rows.map((r) => r.ok ?? r.reason)).toEqual([
      true,
      true,
      'Signature refused: the event names another version of its report.',
      'Unsigned event: this app signs what it makes, and this event carries no signature.',
      true,
    ]);
  });

  it('refuses a signature made by an account for a document of another', async () => {
    // budi's device signs a comment that claims sari as its actor: the validation refuses the actor first.
    const report = ani.sign(aniReport());
    expect((await push('ani', 'reports', [report]))[0]).toMatchObject({ ok: true });
    const base = { id: report.id, author: u('ani'), team: 'regu-1', region: 'jakarta-pusat' };
    const sariDevice = testDevice(u('sari'));
    expect(await sariDevice.register(server.url, tokens.sari!)).toBe(201);
    const forged = budiDevice.sign(
      eventDoc('commented', u('sari'), 'supervisor', base, {
        text: 'x',
        ...(await chainFields(report, null)),
      }),
    );
    const [row] = await push('sari', 'events', [forged]);
    expect(row!.reason).toMatch(/registered to another account/);
  });

  it('checks photo documents as it checks reports, on the binary upload and on _bulk_docs', async () => {
    const me = u('ani');
    const reportId = crypto.randomUUID();
    const put = async (seed: number, doc: (photo: TestPhoto) => Record<string, unknown>) => {
      const photo = await testJpeg(seed);
      const res = await uploadPhoto(server.url, tokens.ani!, photo, doc(photo));
      const body = (await res.json()) as { reason?: string };
      return { status: res.status, reason: body.reason, photo };
    };
    const revokedDevice = testDevice(me);
    expect(await revokedDevice.register(server.url, tokens.ani!)).toBe(201);
    expect(
      (
        await api(server.url, 'POST', `/api/devices/${revokedDevice.id}/revoke`, {
          token: tokens.citra!,
          body: { reason: 'Tablet dicuri' },
        })
      ).status,
    ).toBe(200);
    await signInAgain('ani');

    const good = await put(10, (p) => photoDocument(me, p, reportId, ani));
    expect(good.status).toBe(201);
    const tampered = await put(30, (p) => ({ ...photoDocument(me, p, reportId, ani), reportId: 'lain' }));
    expect(tampered).toMatchObject({
      status: 403,
      reason: 'Signature refused: the signature does not match the document.',
    });
    const unsigned = await put(50, (p) => photoDocument(me, p, reportId, null));
    expect(unsigned.status).toBe(403);
    expect(unsigned.reason).toMatch(/^Unsigned photo: /);
    const unknown = await put(70, (p) => photoDocument(me, p, reportId, testDevice(me)));
    expect(unknown.reason).toMatch(/^Signature refused: unknown device/);
    const othersDevice = await put(90, (p) => photoDocument(me, p, reportId, budiDevice));
    expect(othersDevice.reason).toMatch(/registered to another account/);
    const revoked = await put(110, (p) => photoDocument(me, p, reportId, revokedDevice));
    expect(revoked.reason).toBe(
      `Signature refused: device "${revokedDevice.id}" was revoked (Tablet dicuri).`,
    );
    // An app from before signing sends none of the signed fields: accepted, shown as tanpa tanda tangan.
    const legacy = await put(130, (p) => {
      const {
        schemaVersion: _v,
        capturedAt: _c,
        reportId: _r,
        ...old
      } = photoDocument(me, p, reportId, null);
      return old;
    });
    expect(legacy.status).toBe(201);

    // Nothing refused was stored; what was accepted was, with its signature.
    const backend = liveBackend(t);
    const photosDb = `${t.env.TERTIB_DB_PREFIX ?? ''}photos`;
    const stored = async (sha: string) => {
      const res = await backend.admin(`${photosDb}/photo:${sha}`);
      return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
    };
    expect(await stored(good.photo.sha256)).toMatchObject({ deviceId: ani.id, reportId });
    for (const refused of [tampered, unsigned, unknown, othersDevice, revoked])
      expect(await stored(refused.photo.sha256)).toBeNull();

    // The inline path (PouchDB's replicator) takes the same check.
    const inline = await testJpeg(150);
    const doc = { ...photoDocument(me, inline, reportId, ani), capturedAt: '2000-01-01T00:00:00.000Z' };
    const res = await api(server.url, 'POST', '/db/photos/_bulk_docs', {
      token: tokens.ani!,
      body: {
        docs: [
          {
            _id: `photo:${inline.sha256}`,
            ...doc,
            _attachments: {
              'photo.jpg': { content_type: 'image/jpeg', data: inline.bytes.toString('base64') },
            },
          },
        ],
      },
    });
    expect((res.body as unknown as Row[])[0]).toMatchObject({
      error: 'forbidden',
      reason: 'Signature refused: the signature does not match the document.',
    });
  });
});
