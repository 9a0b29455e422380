import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

export interface PasswordHash {
  scheme: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

// scrypt's "interactive login" parameters (N=2^14, r=8, p=1): ~16 MiB and tens of milliseconds per check,
// expensive enough to make offline guessing slow, cheap enough for a login endpoint on a small server.
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, PARAMS);
  return { scheme: 'scrypt', ...PARAMS, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.scheme !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(password, Buffer.from(stored.salt, 'base64'), expected.length, {
    N: stored.N,
    r: stored.r,
    p: stored.p,
  });
  return crypto.timingSafeEqual(actual, expected);
}

let dummy: PasswordHash | null = null;

/** Spend the same work for an unknown user as for a known one, so timing does not reveal who exists. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= await hashPassword('not-a-real-password');
  await verifyPassword(password, dummy);
}
