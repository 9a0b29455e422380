import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceListResponse, type DeviceRecord, registrationStatement } from '../../domain/devices';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  runCli,
  startServer,
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
    expect((await register('ani', device)).status).toBe(403);
    const unknown = await runCli(t, ['device', 'revoke', crypto.randomUUID(), '--reason', 'x']);
    expect(unknown.code).toBe(1);
  });
});
