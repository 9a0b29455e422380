import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeviceListResponse,
  type DeviceRecord,
  contactStatement,
  registrationStatement,
  wipeConfirmationStatement,
} from '../../domain/devices';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  liveBackend,
  logInAgain,
  makeTestEnv,
  runCli,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from './harness';

interface DeviceKey {
  publicKey: string;
  sign(text: string): string;
}

/** A fresh Ed25519 key pair; the public key as the app sends it: raw 32 bytes, base64url. */
function newKey(): DeviceKey {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'jwk' }).x as string,
    sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
  };
}

/** A registration body for `user`, proved with `key` (domain/devices.ts registrationStatement). */
function registration(user: string, name: string, key = newKey(), id: string = crypto.randomUUID()) {
  return {
    id,
    publicKey: key.publicKey,
    name,
    appVersion: '0.1.0',
    proof: key.sign(registrationStatement(id, user, key.publicKey)),
  };
}

describe('device registry', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;
  let u: (name: string) => string;

  beforeAll(async () => {
    t = makeTestEnv();
    u = (name) => t.userPrefix + name;
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['citra', 'admin', []],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  const register = (who: string, body: Record<string, unknown>) =>
    api(server.url, 'POST', '/api/devices', { token: tokens[who]!, body });

  /** Signs `who` in again: a lost/stolen order ends the user's sessions. */
  const signInAgain = async (who: string) => {
    tokens[who] = await logInAgain(t, server, who);
  };

  it("registers the signed-in user's device key, then refreshes it idempotently", async () => {
    const device = registration(u('ani'), 'Laptop Pos 3 (Chrome)');
    const first = await register('ani', device);
    expect(first.status).toBe(201);
    const rec = (first.body as { device: DeviceRecord }).device;
    expect(rec).toMatchObject({
      id: device.id,
      user: u('ani'),
      publicKey: device.publicKey,
      revoked: null,
      algorithm: 'Ed25519',
    });
    expect(rec.firstContact).toBe(rec.lastContact);

    const again = await register('ani', { ...device, appVersion: '0.2.0' });
    expect(again.status).toBe(200);
    const rec2 = (again.body as { device: DeviceRecord }).device;
    expect(rec2.firstContact).toBe(rec.firstContact);
    expect(rec2.appVersion).toBe('0.2.0');
    expect(rec2.lastContact >= rec.lastContact).toBe(true);
  });

  it('refuses a known id under another account or key, junk keys and malformed bodies', async () => {
    const key = newKey();
    const device = registration(u('ani'), 'Tablet', key);
    expect((await register('ani', device)).status).toBe(201);
    // The same id under another account (proved for that account), or with another key: conflict.
    expect((await register('budi', registration(u('budi'), 'Tablet', key, device.id))).status).toBe(409);
    expect((await register('ani', registration(u('ani'), 'Tablet', newKey(), device.id))).status).toBe(409);
    const other = registration(u('ani'), 'Tablet');
    for (const bad of [
      // A proof made for another account, by another key, or over another id.
      registration(u('budi'), 'Tablet'),
      { ...other, proof: newKey().sign(registrationStatement(other.id, u('ani'), other.publicKey)) },
      { ...other, id: crypto.randomUUID() },
      // A key that is no Ed25519 point cannot carry a proof.
      { ...other, publicKey: 'A'.repeat(43) },
      { ...other, publicKey: 'short' },
      { ...other, id: 'no spaces allowed' },
      { ...other, name: '' },
      { ...other, appVersion: 'v 1' },
      { ...other, proof: undefined },
    ]) {
      expect((await register('ani', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await register('ani', other)).status).toBe(201);
    expect((await api(server.url, 'POST', '/api/devices', { body: device })).status).toBe(401);
  });

  it('lets only administrators list and revoke; a revoked device cannot register again', async () => {
    const device = registration(u('budi'), 'Laptop Regu 1');
    expect((await register('budi', device)).status).toBe(201);

    expect((await api(server.url, 'GET', '/api/devices', { token: tokens.budi! })).status).toBe(403);
    expect(
      (
        await api(server.url, 'POST', `/api/devices/${device.id}/revoke`, {
          token: tokens.budi!,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(403);

    const list = await api(server.url, 'GET', `/api/devices?user=${u('budi')}`, { token: tokens.citra! });
    expect(list.status).toBe(200);
    const devices = (list.body as unknown as DeviceListResponse).devices;
    expect(devices.map((d) => d.id)).toEqual([device.id]);

    expect(
      (await api(server.url, 'POST', `/api/devices/${device.id}/revoke`, { token: tokens.citra!, body: {} }))
        .status,
    ).toBe(400);
    const revoked = await api(server.url, 'POST', `/api/devices/${device.id}/revoke`, {
      token: tokens.citra!,
      body: { reason: 'Laptop hilang di pos 3' },
    });
    expect(revoked.status).toBe(200);
    expect((revoked.body as { device: DeviceRecord }).device.revoked).toMatchObject({
      by: u('citra'),
      reason: 'Laptop hilang di pos 3',
    });
    await signInAgain('budi');
    const refused = await register('budi', device);
    expect(refused.status).toBe(403);
    expect(String(refused.body.reason)).toContain('Laptop hilang di pos 3');
    expect(
      (
        await api(server.url, 'POST', `/api/devices/${crypto.randomUUID()}/revoke`, {
          token: tokens.citra!,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('lists and revokes through the CLI while the server runs', async () => {
    const device = registration(u('ani'), 'Laptop CLI');
    expect((await register('ani', device)).status).toBe(201);
    const list = await runCli(t, ['device', 'list', '--user', u('ani')]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(device.id);
    expect(list.stdout).toContain('Laptop CLI');
    expect(list.stdout).not.toContain(u('budi') + '\t');

    expect((await runCli(t, ['device', 'revoke', device.id])).code).toBe(2);
    const revoke = await runCli(t, ['device', 'revoke', device.id, '--reason', 'dicuri']);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain(`revoked ${device.id}`);
    const after = await runCli(t, ['device', 'list']);
    expect(after.stdout).toMatch(new RegExp(`${device.id}.*revoked .* by cli: dicuri`));
    await signInAgain('ani');
    expect((await register('ani', device)).status).toBe(403);
    const unknown = await runCli(t, ['device', 'revoke', crypto.randomUUID(), '--reason', 'x']);
    expect(unknown.code).toBe(1);
  });
});

describe('device backlog, wipe orders and confirmations (issue 13)', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;
  let u: (name: string) => string;

  beforeAll(async () => {
    t = makeTestEnv();
    u = (name) => t.userPrefix + name;
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['dewi', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['eko', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['gita', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['hana', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['indra', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['fajar', 'admin', []],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  /** Registers a fresh device of `who`; returns its id and key. */
  async function device(who: string, name = 'Laptop'): Promise<{ id: string; key: DeviceKey }> {
    const key = newKey();
    const body = registration(u(who), name, key);
    expect((await api(server.url, 'POST', '/api/devices', { token: tokens[who]!, body })).status).toBe(201);
    return { id: body.id, key };
  }

  /** A signed contact; no session token (the key is the credential). */
  function contact(
    d: { id: string; key: DeviceKey },
    who: string,
    backlog: { reports: number | null; photos: number | null; oldestAt: string | null },
    at = new Date().toISOString(),
  ) {
    const fields = { user: u(who), at, appVersion: '0.1.0', ...backlog };
    const body = { ...fields, signature: d.key.sign(contactStatement(d.id, fields)) };
    return api(server.url, 'POST', `/api/devices/${d.id}/contact`, { body });
  }

  function confirm(d: { id: string; key: DeviceKey }, who: string, orderedAt: string, unsent = [0, 0]) {
    const fields = {
      user: u(who),
      orderedAt,
      wipedAt: new Date().toISOString(),
      unsentReports: unsent[0]!,
      unsentPhotos: unsent[1]!,
    };
    const body = { ...fields, signature: d.key.sign(wipeConfirmationStatement(d.id, fields)) };
    return api(server.url, 'POST', `/api/devices/${d.id}/wipe-confirmation`, { body });
  }

  const list = async (query = '') =>
    (
      (await api(server.url, 'GET', `/api/devices${query}`, { token: tokens.fajar! }))
        .body as unknown as DeviceListResponse
    ).devices;

  it('keeps the backlog a device reports when signed by its key; refuses forged and stale contacts', async () => {
    const d = await device('dewi', 'Laptop Pos 1');
    const oldest = new Date(Date.now() - 30 * 3600_000).toISOString();
    const res = await contact(d, 'dewi', { reports: 3, photos: 5, oldestAt: oldest });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ok: true, order: null });
    const rec = (await list(`?user=${u('dewi')}`)).find((x) => x.id === d.id)!;
    expect(rec.backlog).toMatchObject({ reports: 3, photos: 5, oldestAt: oldest });

    // Another key, another user, a changed count after signing: refused, nothing kept.
    const forged = { ...d, key: newKey() };
    expect((await contact(forged, 'dewi', { reports: 0, photos: 0, oldestAt: null })).status).toBe(403);
    expect((await contact(d, 'eko', { reports: 0, photos: 0, oldestAt: null })).status).toBe(404);
    const fields = {
      user: u('dewi'),
      at: new Date().toISOString(),
      appVersion: '0.1.0',
      reports: 1,
      photos: 0,
      oldestAt: null,
    };
    const tampered = { ...fields, reports: 0, signature: d.key.sign(contactStatement(d.id, fields)) };
    expect((await api(server.url, 'POST', `/api/devices/${d.id}/contact`, { body: tampered })).status).toBe(
      403,
    );
    expect(
      (await api(server.url, 'POST', `/api/devices/${d.id}/contact`, { body: { user: 'x' } })).status,
    ).toBe(400);
    // A contact signed earlier that arrives late does not overwrite a newer backlog.
    expect(
      (await contact(d, 'dewi', { reports: 9, photos: 9, oldestAt: oldest }, '2020-01-01T00:00:00.000Z'))
        .status,
    ).toBe(200);
    expect((await list(`?user=${u('dewi')}`)).find((x) => x.id === d.id)!.backlog!.reports).toBe(3);
    // A device whose data is locked (its user signed out) counts nothing: its contact keeps the last backlog.
    expect((await contact(d, 'dewi', { reports: null, photos: null, oldestAt: null })).status).toBe(200);
    expect((await list(`?user=${u('dewi')}`)).find((x) => x.id === d.id)!.backlog!.reports).toBe(3);

    // The filters: unsent older than 24 h (this one: 30 h) and not seen for 7 days (none).
    expect((await list('?unsentOlderThanHours=24')).map((x) => x.id)).toContain(d.id);
    expect((await list('?unsentOlderThanHours=48')).map((x) => x.id)).not.toContain(d.id);
    expect((await list('?notSeenForDays=7')).map((x) => x.id)).not.toContain(d.id);
    expect(
      (await api(server.url, 'GET', '/api/devices?notSeenForDays=abc', { token: tokens.fajar! })).status,
    ).toBe(400);
    const cli = await runCli(t, ['device', 'list', '--user', u('dewi'), '--unsent-older-than', '24']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`${d.id}.*unsent 3 reports 5 photos`));
  });

  it('lost: revoked at once, told at the next contact, confirmation recorded once', async () => {
    const d = await device('dewi', 'Laptop hilang');
    const ordered = await api(server.url, 'POST', `/api/devices/${d.id}/wipe`, {
      token: tokens.fajar!,
      body: { mode: 'lost', reason: 'dicuri di pos 2' },
    });
    expect(ordered.status).toBe(200);
    const rec = (ordered.body as { device: DeviceRecord }).device;
    expect(rec.revoked).toMatchObject({ by: u('fajar') });
    expect(rec.wipe).toMatchObject({
      mode: 'lost',
      by: u('fajar'),
      reason: 'dicuri di pos 2',
      cause: 'order',
    });
    const told = await contact(d, 'dewi', { reports: 2, photos: 1, oldestAt: new Date().toISOString() });
    expect(told.status).toBe(200);
    expect((told.body as { order: unknown }).order).toMatchObject({ mode: 'lost', at: rec.wipe!.at });
    // A confirmation for another order, or signed by another key, is refused.
    expect((await confirm(d, 'dewi', '2020-01-01T00:00:00.000Z')).status).toBe(409);
    expect((await confirm({ ...d, key: newKey() }, 'dewi', rec.wipe!.at)).status).toBe(403);
    const ok = await confirm(d, 'dewi', rec.wipe!.at, [2, 1]);
    expect(ok.status).toBe(200);
    const confirmed = (ok.body as { device: DeviceRecord }).device.wipeConfirmed!;
    expect(confirmed).toMatchObject({ unsentReports: 2, unsentPhotos: 1 });
    const again = await confirm(d, 'dewi', rec.wipe!.at);
    expect((again.body as { device: DeviceRecord }).device.wipeConfirmed).toEqual(confirmed);
    const cli = await runCli(t, ['device', 'list', '--user', u('dewi')]);
    expect(cli.stdout).toMatch(
      new RegExp(`${d.id}.*wipe lost ordered .* by ${u('fajar')}; confirmed .*2 reports, 1 photos unsent`),
    );
  });

  it('handover: the key stays valid until the device confirms, then it is revoked; via the CLI too', async () => {
    const d = await device('eko', 'Laptop serah terima');
    const cli = await runCli(t, ['device', 'revoke', d.id, '--reason', 'pindah tugas', '--mode', 'handover']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('wipe ordered');
    let rec = (await list(`?user=${u('eko')}`)).find((x) => x.id === d.id)!;
    expect(rec.revoked).toBeNull();
    expect(rec.wipe).toMatchObject({ mode: 'handover', by: 'cli', reason: 'pindah tugas' });
    // Still registered (so what it sends is accepted) and told to hand over.
    expect(
      (
        await api(server.url, 'POST', '/api/devices', {
          token: tokens.eko!,
          body: registration(u('eko'), 'x', d.key, d.id),
        })
      ).status,
    ).toBe(200);
    const told = await contact(d, 'eko', { reports: 0, photos: 0, oldestAt: null });
    expect((told.body as { order: unknown }).order).toMatchObject({ mode: 'handover' });
    expect((await confirm(d, 'eko', rec.wipe!.at)).status).toBe(200);
    rec = (await list(`?user=${u('eko')}`)).find((x) => x.id === d.id)!;
    expect(rec.revoked).not.toBeNull();
    expect(rec.wipeConfirmed).not.toBeNull();
    expect((await runCli(t, ['device', 'revoke', d.id, '--reason', 'x', '--mode', 'nope'])).code).toBe(2);
    expect(
      (
        await api(server.url, 'POST', `/api/devices/${d.id}/wipe`, {
          token: tokens.eko!,
          body: { mode: 'lost', reason: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it("a disabled account's device is told to wipe (no session needed), recorded as ordered by the system", async () => {
    const name = 'gita';
    const d = await device(name, 'Laptop Gita');
    expect((await contact(d, name, { reports: 1, photos: 1, oldestAt: null })).body).toEqual({
      ok: true,
      order: null,
    });
    expect((await runCli(t, ['user', 'disable', u(name)])).code).toBe(0);
    const told = await contact(d, name, { reports: 1, photos: 1, oldestAt: null });
    expect(told.status).toBe(200);
    expect((told.body as { order: unknown }).order).toMatchObject({
      mode: 'lost',
      cause: 'account-disabled',
      by: 'system',
    });
    const rec = (await list(`?user=${u(name)}`)).find((x) => x.id === d.id)!;
    expect(rec.wipe).toMatchObject({ cause: 'account-disabled' });
  });
  it("a revoke hardens a pending hand-over to lost, ends the user's sessions; a confirmation before any order is 404 (retried)", async () => {
    const d = await device('hana', 'Laptop Hana');
    // Confirming an order the server has not (yet) got: 404, which the device retries — not a final 409.
    expect((await confirm(d, 'hana', new Date().toISOString())).status).toBe(404);
    const handover = await api(server.url, 'POST', `/api/devices/${d.id}/wipe`, {
      token: tokens.fajar!,
      body: { mode: 'handover', reason: 'pindah tugas' },
    });
    const orderedAt = (handover.body as { device: DeviceRecord }).device.wipe!.at;
    // A hand-over keeps the user's sessions (the device sends what it holds first).
    expect((await api(server.url, 'GET', '/api/session', { token: tokens.hana! })).status).toBe(200);
    const revoked = await api(server.url, 'POST', `/api/devices/${d.id}/revoke`, {
      token: tokens.fajar!,
      body: { reason: 'hilang sebelum serah terima' },
    });
    expect(revoked.status).toBe(200);
    const rec = (revoked.body as { device: DeviceRecord }).device;
    expect(rec.revoked).not.toBeNull();
    expect(rec.wipe).toMatchObject({ mode: 'lost', at: orderedAt });
    const told = await contact(d, 'hana', { reports: 1, photos: 0, oldestAt: null });
    expect((told.body as { order: unknown }).order).toMatchObject({ mode: 'lost' });
    // Whoever holds the laptop holds its session token too: a lost order ends the user's sessions.
    await until(
      async () => (await api(server.url, 'GET', '/api/session', { token: tokens.hana! })).status === 401,
      "hana's session to end",
    );
    expect((await confirm(d, 'hana', orderedAt)).status).toBe(200);
  });

  it('withdraws an order made for a disabled account once the account is active again, before the device wiped', async () => {
    const name = 'indra';
    const d = await device(name, 'Laptop Indra');
    const backend = liveBackend(t);
    const userDoc = async () => {
      const all = (await (await backend.admin('_users/_all_docs?include_docs=true')).json()) as {
        rows: Array<{ id: string; doc?: Record<string, unknown> & { tertib?: Record<string, unknown> } }>;
      };
      return all.rows.find((r) => r.id.startsWith(`org.couchdb.user:${u(name)}`) && r.doc?.tertib)!.doc!;
    };
    const enabled = await userDoc();
    expect((await runCli(t, ['user', 'disable', u(name)])).code).toBe(0);
    const told = await contact(d, name, { reports: 2, photos: 2, oldestAt: null });
    expect((told.body as { order: unknown }).order).toMatchObject({ cause: 'account-disabled' });
    // An administrator lifts the suspension (the account's roles back, as they were) before the laptop wiped.
    const disabled = await userDoc();
    const put = await backend.admin(`_users/${encodeURIComponent(String(disabled._id))}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...disabled,
        roles: enabled.roles,
        tertib: { ...disabled.tertib, disabled: false },
      }),
    });
    expect(put.ok, await put.text()).toBe(true);
    const again = await until(async () => {
      const res = await contact(d, name, { reports: 2, photos: 2, oldestAt: null });
      return (res.body as { order: unknown }).order === null ? res : null;
    }, 'the order to be withdrawn');
    expect(again.status).toBe(200);
    expect((await list(`?user=${u(name)}`)).find((x) => x.id === d.id)!.wipe).toBeNull();
  });

  it('a backlog stamped ahead of the server clock (a fast device clock) does not freeze later counts', async () => {
    const d = await device('eko', 'Laptop jam cepat');
    const future = new Date(Date.now() + 365 * 86400_000).toISOString();
    expect((await contact(d, 'eko', { reports: 5, photos: 5, oldestAt: null }, future)).status).toBe(200);
    expect((await contact(d, 'eko', { reports: 1, photos: 0, oldestAt: null })).status).toBe(200);
    expect((await list(`?user=${u('eko')}`)).find((x) => x.id === d.id)!.backlog).toMatchObject({
      reports: 1,
      photos: 0,
    });
  });
});
