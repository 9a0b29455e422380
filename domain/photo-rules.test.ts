import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import {
  PHOTO_VALIDATE_DOC_UPDATE,
  authorizePhotoWrite,
  receiptSha256,
  sharedReceiptDocId,
} from './photo-rules';
import type { CouchUserCtx, WriteDecision } from './write-rules';

type Vdu = (n: unknown, o: unknown, u: CouchUserCtx, s: unknown) => void;
const vdu = new Function('return (' + PHOTO_VALIDATE_DOC_UPDATE + ')')() as Vdu;

function viaCouch(newDoc: unknown, oldDoc: unknown, userCtx: CouchUserCtx): WriteDecision {
  try {
    vdu(newDoc, oldDoc, userCtx, {});
    return { ok: true };
  } catch (e) {
    const t = e as { forbidden?: string; unauthorized?: string };
    if (t.unauthorized) return { ok: false, error: 'unauthorized', reason: t.unauthorized };
    return { ok: false, error: 'forbidden', reason: t.forbidden ?? String(e) };
  }
}

const sha = 'ab'.repeat(32);
const officer: CouchUserCtx = { name: 'ani', roles: ['officer', 'team:regu-1', 'region:jakarta-pusat'] };
const jpeg = { content_type: 'image/jpeg', data: '/9j/' };
const photo = (over: Record<string, unknown> = {}) => ({
  _id: 'photo:' + sha,
  type: 'photo',
  sha256: sha,
  bytes: 1234,
  author: 'ani',
  _attachments: { 'photo.jpg': jpeg, 'thumb.jpg': jpeg },
  ...over,
});

const cases: Array<[string, unknown, unknown, CouchUserCtx, boolean]> = [
  ['own photo', photo(), null, officer, true],
  ['photo without thumbnail', photo({ _attachments: { 'photo.jpg': jpeg } }), null, officer, true],
  [
    'server admin writes a receipt',
    { _id: 'receipt:' + sha, type: 'receipt' },
    null,
    { name: null, roles: ['_admin'] },
    true,
  ],
  ['officer writes a receipt', { _id: 'receipt:' + sha, type: 'receipt' }, null, officer, false],
  ['forged author', photo({ author: 'budi' }), null, officer, false],
  ['id does not match sha', photo({ _id: 'photo:' + 'cd'.repeat(32) }), null, officer, false],
  [
    'uppercase sha',
    photo({ sha256: sha.toUpperCase(), _id: 'photo:' + sha.toUpperCase() }),
    null,
    officer,
    false,
  ],
  ['no attachment', photo({ _attachments: {} }), null, officer, false],
  [
    'png attachment',
    photo({ _attachments: { 'photo.jpg': { content_type: 'image/png' } } }),
    null,
    officer,
    false,
  ],
  ['extra attachment', photo({ _attachments: { 'photo.jpg': jpeg, 'x.exe': jpeg } }), null, officer, false],
  ['huge', photo({ bytes: 30 * 1024 * 1024 }), null, officer, false],
  ['NaN bytes', photo({ bytes: NaN }), null, officer, false],
  ['overwrite', photo(), photo(), officer, false],
  ['delete', photo({ _deleted: true }), photo(), officer, false],
  ['design doc', { _id: '_design/x' }, null, officer, false],
  ['anonymous', photo(), null, { name: null, roles: [] }, false],
  ['admin user uploads', photo(), null, { name: 'ani', roles: ['admin'] }, false],
  ['no role', photo(), null, { name: 'ani', roles: [] }, false],
  ['two roles', photo(), null, { name: 'ani', roles: ['officer', 'supervisor'] }, false],
  ['array doc', [], null, officer, false],
];

describe('photo write rules', () => {
  it.each(cases)('%s', (_name, newDoc, oldDoc, ctx, allowed) => {
    const ts = authorizePhotoWrite(newDoc, oldDoc, ctx);
    expect(ts.ok).toBe(allowed);
    expect(viaCouch(newDoc, oldDoc, ctx)).toEqual(ts);
  });

  it('is ES5, as CouchDB 3 runs it', () => {
    expect(() => parse('(' + PHOTO_VALIDATE_DOC_UPDATE + ')', { ecmaVersion: 5 })).not.toThrow();
  });
});

describe('receipt ids', () => {
  it.each([
    ['receipt:' + sha, sha],
    [sharedReceiptDocId(sha, 'ani'), sha],
    ['receipt:' + sha + 'x', null],
    ['receipt:' + sha.slice(1), null],
    ['photo:' + sha, null],
    ['receipt:' + sha.toUpperCase(), null],
  ])('%s', (id, expected) => {
    expect(receiptSha256(id)).toBe(expected);
  });
});
