import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aReport } from '../../../domain/test-fixtures';
import {
  documentHash,
  evidenceContent,
  signingBytes,
  verifyDocument,
} from '../../../domain/evidence/signatures';
import { fromBase64url, toBase64url } from '../../../domain/evidence/web-crypto';

// The shared signature code (domain/evidence) against Node's own Ed25519: what the app signs with WebCrypto
// and the gateway checks must agree with an independent implementation.
async function deviceKey() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const sign = (doc: Record<string, unknown>): Record<string, unknown> => ({
    ...doc,
    signature: crypto.sign(null, signingBytes(doc), privateKey).toString('base64url'),
  });
  return Promise.resolve({ publicKey: publicKey.export({ format: 'jwk' }).x as string, sign });
}

describe('document signatures', () => {
  it('verifies a signed report, also in its CouchDB form, and fails for any change', async () => {
    const key = await deviceKey();
    const report = { ...aReport(), schemaVersion: 2 } as unknown as Record<string, unknown>;
    const signed = await key.sign(report);
    expect(await verifyDocument(signed, key.publicKey)).toBe(true);
    // As CouchDB stores it: `_id` instead of `id` (RxDB's replication moves it), plus `_rev`.
    const { id, ...rest } = signed;
    expect(await verifyDocument({ ...rest, _id: id, _rev: '1-abc' }, key.publicKey)).toBe(true);

    for (const changed of [
      { ...signed, description: `${String(signed.description)}.` },
      { ...signed, capturedAt: '2020-01-01T00:00:00.000Z' },
      { ...signed, author: 'someone' },
      { ...signed, deviceId: 'another-device' },
      { ...signed, photos: [] },
      { ...signed, extra: 1 },
    ]) {
      expect(await verifyDocument(changed, key.publicKey)).toBe(false);
    }
    expect(await verifyDocument(signed, (await deviceKey()).publicKey)).toBe(false);
    expect(await verifyDocument(report, key.publicKey)).toBe(false);
    expect(await verifyDocument({ ...signed, signature: 'junk' }, key.publicKey)).toBe(false);
  });

  it('hashes the content with its signature, ignoring CouchDB bookkeeping', async () => {
    const key = await deviceKey();
    const signed = await key.sign(aReport() as unknown as Record<string, unknown>);
    const h = await documentHash(signed);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await documentHash({ ...signed, _rev: '2-x' })).toBe(h);
    expect(await documentHash({ ...signed, signature: undefined })).not.toBe(h);
    expect(evidenceContent({ _id: 'x', type: 'photo', a: 1 })).toEqual({ type: 'photo', a: 1 });
  });

  it('round-trips base64url and refuses junk', () => {
    for (const n of [0, 1, 2, 3, 31, 32, 64]) {
      const bytes = Uint8Array.from({ length: n }, (_v, i) => (i * 37) & 255);
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      expect(toBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
    expect(fromBase64url('a')).toBeNull();
    expect(fromBase64url('a+b/')).toBeNull();
  });
});
