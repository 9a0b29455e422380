// What a device signs and how anyone checks it. A report, an event or a photo document is signed over
// `SIGNATURE_CONTEXT + JCS(content)`, where the content is the document's own fields (CouchDB's `_id`,
// `_rev` and the like left out; `id` taken from `_id` when a replicator moved it there) without
// `signature`. The content covers everything the document says: for a report the description, the photo
// hashes, the fix, the capture time, the author and the device id. The context string keeps a Tertib
// signature from ever being valid for some other protocol's message.

import { canonicalJson } from './canonical';
import { sha256Hex, utf8, verifyEd25519 } from './web-crypto';

export const SIGNATURE_CONTEXT = 'tertib-evidence-v1\n';

/** The document's own fields: no CouchDB/RxDB bookkeeping (`_id`, `_rev`, `_meta`, …), `id` restored. */
export function evidenceContent(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    if (key.charAt(0) === '_' || doc[key] === undefined) continue;
    out[key] = doc[key];
  }
  if (out.id === undefined && typeof doc._id === 'string' && (doc.type === 'report' || doc.type === 'event'))
    out.id = doc._id;
  return out;
}

/** The bytes a device signs for this document (its signature, if any, left out). */
export function signingBytes(doc: Record<string, unknown>): Uint8Array {
  const { signature: _signature, ...content } = evidenceContent(doc);
  return utf8(SIGNATURE_CONTEXT + canonicalJson(content));
}

/**
 * The document's hash as events and receipts name it: sha256 (hex) of the JCS of its content *with* its
 * signature, so that naming the hash also pins who signed it.
 */
export function documentHash(doc: Record<string, unknown>): Promise<string> {
  return sha256Hex(canonicalJson(evidenceContent(doc)));
}

export function isSigned(doc: Record<string, unknown>): boolean {
  return typeof doc.signature === 'string';
}

/** Does the document's signature hold for this device public key? False when unsigned. */
export function verifyDocument(doc: Record<string, unknown>, publicKey: string): Promise<boolean> {
  if (typeof doc.signature !== 'string') return Promise.resolve(false);
  return verifyEd25519(publicKey, signingBytes(doc), doc.signature);
}
