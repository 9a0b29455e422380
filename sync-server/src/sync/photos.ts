import crypto from 'node:crypto';
import {
  PHOTO_ATTACHMENT,
  PHOTO_ID_PREFIX,
  authorizePhotoWrite,
  sharedReceiptDocId,
  type PhotoReceipt,
} from '../../../domain/photo-rules';
import { couchRolesFor, type UserContext } from '../../../domain/users';
import { canReadReportsDoc } from './access';
import type { AssignmentLookup } from './assignments';
import { type BackendHttp, jsonOrThrow } from './backend-http';
import { BulkRequestError, type WriteRow, fetchDocs } from './bulk-docs';
import { type SignaturePolicy, signatureRefusals } from './signature-check';

// The photos database, as PouchDB's replicator sees it. An officer's vault pushes photo documents (the JPEG
// inline, base64) and pulls back the server's receipts for them. Before anything is stored the gateway
// checks that the bytes are a JPEG whose sha256 is the document's id: a photo whose bytes do not match is
// refused, never stored; so is a photo document whose device signature does not hold (signature-check.ts),
// checked on this one path that both the binary upload and `_bulk_docs` take. Supervisors do not replicate
// photos; they fetch attachments on demand.

export function canReplicatePhotosDoc(user: UserContext, doc: Record<string, unknown> | undefined): boolean {
  if (!doc) return false;
  if (doc.type !== 'photo' && doc.type !== 'receipt') return false;
  return user.role === 'admin' || doc.author === user.name;
}

/**
 * Who has proven they hold a photo's bytes: its first uploader, and everyone the gateway wrote a shared
 * receipt for after checking their copy (`receipt:<sha256>:<user>`).
 */
async function uploadersOf(
  http: BackendHttp,
  photosDb: string,
  photoDoc: Record<string, unknown>,
): Promise<Set<string>> {
  const uploaders = new Set<string>();
  if (typeof photoDoc.author === 'string') uploaders.add(photoDoc.author);
  const prefix = `receipt:${String(photoDoc.sha256)}:`;
  const qs = new URLSearchParams({
    startkey: JSON.stringify(prefix),
    endkey: JSON.stringify(prefix + '\ufff0'),
    include_docs: 'true',
    limit: '1000',
  });
  const res = await http.admin(`${photosDb}/_all_docs?${qs}`);
  const list = await jsonOrThrow<{ rows: Array<{ doc?: Record<string, unknown> }> }>(res, 'shared receipts');
  for (const row of list.rows) if (typeof row.doc?.author === 'string') uploaders.add(row.doc.author);
  return uploaders;
}

/**
 * A supervisor (or a team mate) may see a photo when they may read a report or an event that shows it —
 * and whose author (an event's actor) uploaded those bytes. Naming someone else's sha256 in one's own report
 * or event opens nothing: photo hashes are printed in case files and exports.
 */
export async function canViewPhoto(
  http: BackendHttp,
  dbs: { reports: string; events: string; photos: string },
  user: UserContext,
  photoDoc: Record<string, unknown>,
  assignments?: AssignmentLookup,
): Promise<boolean> {
  if (canReplicatePhotosDoc(user, photoDoc)) return true;
  const qs = new URLSearchParams({ key: JSON.stringify(photoDoc.sha256), include_docs: 'true', limit: '50' });
  const viewRows = async (db: string) => {
    const res = await http.admin(`${db}/_design/tertib/_view/by_photo?${qs}`);
    return (await jsonOrThrow<{ rows: Array<{ doc?: Record<string, unknown> }> }>(res, 'by_photo view')).rows;
  };
  const readable = [
    ...(await viewRows(dbs.reports))
      .filter((row) => canReadReportsDoc(user, row.doc, assignments))
      .map((row) => row.doc?.author),
    ...(await viewRows(dbs.events))
      .filter((row) => canReadReportsDoc(user, row.doc, assignments))
      .map((row) => row.doc?.actor),
  ].filter((who): who is string => typeof who === 'string');
  if (readable.length === 0) return false;
  if (readable.includes(String(photoDoc.author))) return true;
  const uploaders = await uploadersOf(http, dbs.photos, photoDoc);
  return readable.some((who) => uploaders.has(who));
}

/**
 * The gateway's check of a photo's bytes before anything is stored: the length the document declares, a
 * JPEG signature, and the sha256 the document is named by. Used for inline (base64) photos and for the
 * binary upload (photo-upload.ts) alike; null when the bytes are right, else the reason.
 */
export function checkPhotoBytes(bytes: Buffer, declared: { bytes: unknown; sha256: unknown }): string | null {
  if (bytes.length !== declared.bytes)
    return `photo.bytes says ${String(declared.bytes)} but ${bytes.length} bytes arrived.`;
  if (!(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)) return 'photo.jpg is not a JPEG.';
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  if (sha !== declared.sha256) return 'The photo bytes do not match its sha256; it was not stored.';
  return null;
}

function checkBytes(doc: Record<string, unknown>): string | null {
  const att = (doc._attachments as Record<string, { data?: unknown; stub?: boolean }>)[PHOTO_ATTACHMENT];
  if (!att || typeof att.data !== 'string')
    return 'The photo must be sent with its bytes (photo.jpg inline).';
  return checkPhotoBytes(Buffer.from(att.data, 'base64'), { bytes: doc.bytes, sha256: doc.sha256 });
}

export async function bulkDocsPhotos(
  http: BackendHttp,
  photosDb: string,
  backendPassword: (name: string) => string,
  user: UserContext,
  body: unknown,
  /** Device signatures of photo documents; without it they are not checked (tests of other rules). */
  signatures?: SignaturePolicy,
): Promise<WriteRow[]> {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { docs?: unknown }).docs)) {
    throw new BulkRequestError('Send {"docs": [...]}.');
  }
  const { docs, new_edits: newEdits } = body as { docs: unknown[]; new_edits?: unknown };
  if (docs.length > 20) throw new BulkRequestError('At most 20 photos per request.');
  const ids = docs.map((d) =>
    typeof d === 'object' && d !== null && typeof (d as { _id?: unknown })._id === 'string'
      ? ((d as { _id: string })._id as string)
      : null,
  );
  const existing = await fetchDocs(
    http,
    photosDb,
    ids.filter((id): id is string => id !== null),
  );
  // Signatures of the documents that would be stored or give a receipt (not a retry of one's own photo).
  const signed = signatures
    ? await signatureRefusals(
        docs.map((d, i) => {
          const id = ids[i];
          const old = id ? existing.get(id) : undefined;
          const retry = old !== undefined && old.author === user.name;
          return typeof d === 'object' && d !== null && !Array.isArray(d) && !retry
            ? (d as Record<string, unknown>)
            : null;
        }),
        'photo',
        signatures,
      )
    : new Map<number, string>();
  const userCtx = { name: user.name, roles: couchRolesFor(user) };
  const rows: Array<WriteRow | null> = [];
  const toWrite: Array<{ index: number; doc: Record<string, unknown> }> = [];
  const shared: Array<{ sha256: string; bytes: number }> = [];
  docs.forEach((raw, index) => {
    const id = ids[index] ?? null;
    const doc = raw as Record<string, unknown>;
    const old = id ? existing.get(id) : undefined;
    if (old && id?.startsWith(PHOTO_ID_PREFIX) && old.author === user.name) {
      // Content-addressed: the server holds these exact bytes already. Nothing to do.
      rows.push({ id, ok: true, rev: String(old._rev) });
      return;
    }
    if (old && id?.startsWith(PHOTO_ID_PREFIX)) {
      // Someone else uploaded the same picture first (copied to two phones). Check that these are the same
      // bytes, then this user gets a receipt of their own; the stored photo is not touched.
      const decision = authorizePhotoWrite(doc, undefined, userCtx);
      const problem = decision.ok ? (signed.get(index) ?? checkBytes(doc)) : decision.reason;
      if (problem) {
        rows.push({ id, error: 'forbidden', reason: problem });
        return;
      }
      shared.push({ sha256: String(doc.sha256), bytes: Number(doc.bytes) });
      rows.push({ id, ok: true, rev: String(old._rev) });
      return;
    }
    const decision = authorizePhotoWrite(doc, old, userCtx);
    const problem = decision.ok ? (signed.get(index) ?? checkBytes(doc)) : decision.reason;
    if (problem) {
      rows.push({ id, error: 'forbidden', reason: problem });
      return;
    }
    rows.push(null);
    toWrite.push({ index, doc });
  });
  if (toWrite.length > 0) {
    const res = await http.asUser(user.name, backendPassword(user.name), `${photosDb}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        docs: toWrite.map((w) => w.doc),
        ...(newEdits === false ? { new_edits: false } : {}),
      }),
    });
    const written = await jsonOrThrow<WriteRow[]>(res, 'bulk_docs');
    // With new_edits=false CouchDB reports only failures; everything not named there was stored.
    const byId = new Map(written.map((w) => [w.id, w]));
    toWrite.forEach((w, i) => {
      const id = ids[w.index] ?? null;
      rows[w.index] =
        newEdits === false
          ? (byId.get(id) ?? { id: id as string, ok: true, rev: String(w.doc._rev ?? '') })
          : (written[i] ?? { id, error: 'unknown_error', reason: 'No answer.' });
    });
  }
  for (const { sha256, bytes } of shared) {
    const receipt: PhotoReceipt = {
      _id: sharedReceiptDocId(sha256, user.name),
      type: 'receipt',
      sha256,
      author: user.name,
      bytes,
      receivedAt: new Date().toISOString(),
    };
    const put = await http.admin(`${photosDb}/${encodeURIComponent(receipt._id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(receipt),
    });
    if (!put.ok && put.status !== 409) throw new Error(`${receipt._id}: backend answered ${put.status}`);
    await put.body?.cancel();
  }
  if (newEdits === false) return rows.filter((r): r is WriteRow => r !== null && 'error' in r);
  return rows as WriteRow[];
}
