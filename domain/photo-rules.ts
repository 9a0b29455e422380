// Who may write what into the `photos` database: a photo document per stored JPEG (id `photo:<sha256>`,
// the JPEG and its thumbnail as attachments) written by its author, and the server's receipts
// (`receipt:<sha256>`) written only by the server (a CouchDB `_admin`) after it has verified the bytes.
// The same decision exists twice: authorizePhotoWrite for the gateway, and PHOTO_VALIDATE_DOC_UPDATE (ES5)
// for CouchDB acting as the real user; photo-rules.test.ts runs both over one table.

import { userContextFromCouch } from './users';
import type { CouchUserCtx, WriteDecision } from './write-rules';

export const PHOTO_ID_PREFIX = 'photo:';
export const RECEIPT_ID_PREFIX = 'receipt:';
export const PHOTO_ATTACHMENT = 'photo.jpg';
export const THUMB_ATTACHMENT = 'thumb.jpg';
/** The app stores JPEGs resized to 1920 px; 20 MiB leaves room for any sane JPEG and refuses abuse. */
export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;

export const photoDocId = (sha256: string): string => PHOTO_ID_PREFIX + sha256;
export const receiptDocId = (sha256: string): string => RECEIPT_ID_PREFIX + sha256;
/**
 * The receipt for a second officer who uploads bytes the server already holds from someone else (the same
 * picture copied to two phones): photos are content-addressed, receipts are per person.
 */
export const sharedReceiptDocId = (sha256: string, author: string): string =>
  `${RECEIPT_ID_PREFIX}${sha256}:${author}`;
/** The sha256 a receipt id confirms (`receipt:<sha256>` or `receipt:<sha256>:<author>`), else null. */
export function receiptSha256(id: string): string | null {
  if (id.indexOf(RECEIPT_ID_PREFIX) !== 0) return null;
  const sha = id.slice(RECEIPT_ID_PREFIX.length, RECEIPT_ID_PREFIX.length + 64);
  const rest = id.slice(RECEIPT_ID_PREFIX.length + 64);
  return SHA.test(sha) && (rest === '' || rest.charAt(0) === ':') ? sha : null;
}

/** The receipt the server writes once it holds a photo whose bytes match its sha256. */
export interface PhotoReceipt {
  _id: string;
  type: 'receipt';
  sha256: string;
  author: string;
  bytes: number;
  receivedAt: string;
}

const SHA = /^[0-9a-f]{64}$/;
const forbidden = (reason: string): WriteDecision => ({ ok: false, error: 'forbidden', reason });

export function authorizePhotoWrite(newDoc: unknown, oldDoc: unknown, userCtx: CouchUserCtx): WriteDecision {
  const roles = Array.isArray(userCtx.roles) ? userCtx.roles : [];
  if (roles.indexOf('_admin') !== -1) return { ok: true };
  if (typeof userCtx.name !== 'string') {
    return { ok: false, error: 'unauthorized', reason: 'You must be logged in to write documents.' };
  }
  if (typeof newDoc !== 'object' || newDoc === null || Array.isArray(newDoc)) {
    return forbidden('A document must be a JSON object.');
  }
  const doc = newDoc as Record<string, unknown>;
  const id = typeof doc._id === 'string' ? doc._id : '';
  if (id.indexOf('_design/') === 0) return forbidden('Only server admins may change design documents.');
  if (doc._deleted === true) return forbidden('Photos cannot be deleted.');
  const user = userContextFromCouch(userCtx.name, roles);
  if (!user) return forbidden('Your account has no valid role.');
  if (user.role === 'admin') return forbidden('Only officers and supervisors upload photos.');
  if (oldDoc && typeof oldDoc === 'object' && (oldDoc as Record<string, unknown>)._deleted !== true) {
    return forbidden('Photos are immutable.');
  }
  if (doc.type !== 'photo') return forbidden('Only the server writes receipts; clients upload photos.');
  if (typeof doc.sha256 !== 'string' || !SHA.test(doc.sha256))
    return forbidden('photo.sha256 must be 64 hex.');
  if (id !== PHOTO_ID_PREFIX + doc.sha256) return forbidden('photo._id must be "photo:" + sha256.');
  if (doc.author !== user.name) return forbidden('photo.author must be the logged-in user.');
  if (typeof doc.bytes !== 'number' || !(doc.bytes > 0) || doc.bytes > PHOTO_MAX_BYTES) {
    return forbidden('photo.bytes must be between 1 and ' + PHOTO_MAX_BYTES + '.');
  }
  const atts = doc._attachments;
  if (typeof atts !== 'object' || atts === null || Array.isArray(atts)) {
    return forbidden('A photo carries its JPEG as the attachment photo.jpg.');
  }
  const names = Object.keys(atts);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const att = (atts as Record<string, unknown>)[name] as { content_type?: unknown } | null;
    if (name !== PHOTO_ATTACHMENT && name !== THUMB_ATTACHMENT)
      return forbidden('Unexpected attachment ' + name + '.');
    if (!att || att.content_type !== 'image/jpeg')
      return forbidden('Attachment ' + name + ' must be image/jpeg.');
  }
  if (names.indexOf(PHOTO_ATTACHMENT) === -1)
    return forbidden('A photo carries its JPEG as the attachment photo.jpg.');
  return { ok: true };
}

/** ES5 twin of authorizePhotoWrite, for the photos database's validate_doc_update. */
export const PHOTO_VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var MAX = ${PHOTO_MAX_BYTES};
  function deny(reason) { throw({ forbidden: reason }); }
  var roles = userCtx && userCtx.roles && userCtx.roles.length !== undefined ? userCtx.roles : [];
  if (roles.indexOf('_admin') !== -1) return;
  if (typeof userCtx.name !== 'string') throw({ unauthorized: 'You must be logged in to write documents.' });
  if (typeof newDoc !== 'object' || newDoc === null || Object.prototype.toString.call(newDoc) === '[object Array]') deny('A document must be a JSON object.');
  var id = typeof newDoc._id === 'string' ? newDoc._id : '';
  if (id.indexOf('_design/') === 0) deny('Only server admins may change design documents.');
  if (newDoc._deleted === true) deny('Photos cannot be deleted.');
  var role = null, seen = 0;
  for (var i = 0; i < roles.length; i++) {
    var r = roles[i];
    if (typeof r !== 'string') deny('Your account has no valid role.');
    if (r === 'officer' || r === 'supervisor' || r === 'admin') { if (role !== null && role !== r) deny('Your account has no valid role.'); role = r; }
  }
  if (role === null) deny('Your account has no valid role.');
  if (role === 'admin') deny('Only officers and supervisors upload photos.');
  if (oldDoc && typeof oldDoc === 'object' && oldDoc._deleted !== true) deny('Photos are immutable.');
  if (newDoc.type !== 'photo') deny('Only the server writes receipts; clients upload photos.');
  if (typeof newDoc.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(newDoc.sha256)) deny('photo.sha256 must be 64 hex.');
  if (id !== 'photo:' + newDoc.sha256) deny('photo._id must be "photo:" + sha256.');
  if (newDoc.author !== userCtx.name) deny('photo.author must be the logged-in user.');
  if (typeof newDoc.bytes !== 'number' || !(newDoc.bytes > 0) || newDoc.bytes > MAX) deny('photo.bytes must be between 1 and ' + MAX + '.');
  var atts = newDoc._attachments;
  if (typeof atts !== 'object' || atts === null || Object.prototype.toString.call(atts) === '[object Array]') deny('A photo carries its JPEG as the attachment photo.jpg.');
  var hasPhoto = false;
  for (var name in atts) {
    if (!Object.prototype.hasOwnProperty.call(atts, name)) continue;
    if (name !== 'photo.jpg' && name !== 'thumb.jpg') deny('Unexpected attachment ' + name + '.');
    if (!atts[name] || atts[name].content_type !== 'image/jpeg') deny('Attachment ' + name + ' must be image/jpeg.');
    if (name === 'photo.jpg') hasPhoto = true;
  }
  if (!hasPhoto) deny('A photo carries its JPEG as the attachment photo.jpg.');
}`;
