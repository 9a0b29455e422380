import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerKeyInfo } from '../../../domain/evidence/receipts';

// The server's evidence signing key (issue 11): TERTIB_EVIDENCE_KEY (base64url PKCS#8 DER), else a key made
// once and kept in DATA_DIR/evidence-key.json (mode 0600). Deliberately not in CouchDB: whoever can write the
// database must not be able to forge receipts. Several sync-servers over one CouchDB must be given the same
// TERTIB_EVIDENCE_KEY (each would otherwise make its own, and bundles would carry receipts of several keys).

export interface ServerSigner {
  info: ServerKeyInfo;
  sign(bytes: Uint8Array): string;
}

const FILE = 'evidence-key.json';

function signerOf(privateKey: crypto.KeyObject): ServerSigner {
  const publicKey = crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x as string;
  const keyId = crypto
    .createHash('sha256')
    .update(Buffer.from(publicKey, 'base64url'))
    .digest('hex')
    .slice(0, 16);
  return {
    info: { algorithm: 'Ed25519', publicKey, keyId },
    sign: (bytes) => crypto.sign(null, bytes, privateKey).toString('base64url'),
  };
}

export function loadServerSigner(configured: string | null, dataDir: string): ServerSigner {
  if (configured !== null) {
    const key = crypto.createPrivateKey({
      key: Buffer.from(configured, 'base64url'),
      format: 'der',
      type: 'pkcs8',
    });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('TERTIB_EVIDENCE_KEY is not an Ed25519 key.');
    return signerOf(key);
  }
  const file = path.join(dataDir, FILE);
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { pkcs8: string };
    return signerOf(
      crypto.createPrivateKey({ key: Buffer.from(saved.pkcs8, 'base64url'), format: 'der', type: 'pkcs8' }),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
  try {
    // 'wx': if another process made the key first, use theirs.
    fs.writeFileSync(file, JSON.stringify({ pkcs8, createdAt: new Date().toISOString() }), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadServerSigner(null, dataDir);
  }
  return signerOf(privateKey);
}
