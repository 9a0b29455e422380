// The photo vault: one PouchDB document per stored JPEG, `_id` = `photo:<sha256>`, the JPEG and its thumbnail
// as attachments. PouchDB and not RxDB because PouchDB's own replication carries attachments, checkpointed
// per document, which RxDB's CouchDB replication cannot (DESIGN.md, "Local data").

import {
  FIRST_SIGNED_PHOTO_VERSION,
  SIGNED_PHOTO_FIELDS,
  type PhotoDocument,
} from '../../../../domain/evidence/photo-documents';
import { receiptSha256 } from '../../../../domain/photo-rules';
import type { DeviceSigner } from '../device-key/device-key';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import idb from 'pouchdb-adapter-idb';
import replication from 'pouchdb-replication';
import transformPouch from 'transform-pouch';
import type { DataKey } from '../keys/data-key';
import {
  StorageFullError,
  isQuotaExceeded,
  type PhotoMeta,
  type PhotoVault,
  type ProcessedPhoto,
} from '../contracts';
import { isRetryableRefusal, uploadPhotos, type UploadCandidate } from './photo-upload';
import { sealIncoming } from './sealed-attachments';
import { sha256Hex } from './sha256';

PouchDB.plugin(idb).plugin(httpAdapter).plugin(replication).plugin(transformPouch);

/** A request function with the session's credentials (see data/sync/sync-fetch.ts). */
export type VaultFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The server's photos database (`${server}/db/photos`) as PouchDB's replicator talks to it. */
export interface RemoteVault {
  readonly url: string;
  /** The PouchDB http database; only the vault's replication uses it. */
  readonly db: PouchDB.Database;
  /** The session's transport, for the binary photo upload (photo-upload.ts). */
  readonly fetch: VaultFetch;
  close(): Promise<void>;
}

/**
 * `skip_setup`: the gateway offers no `PUT /db/photos`. PouchDB's http adapter forces
 * `credentials: 'include'` on every request; the `fetch` given here replaces that with the session's own
 * transport (cross-origin: no cookies, bearer token — the gateway sends no Allow-Credentials).
 */
export function openRemoteVault(url: string, fetch: VaultFetch): RemoteVault {
  const db = new PouchDB<PhotoDoc>(url, {
    adapter: 'http',
    skip_setup: true,
    fetch: (u: string | Request, init?: RequestInit) => fetch(typeof u === 'string' ? u : u.url, init),
  } as PouchDB.HttpAdapter.HttpAdapterConfiguration);
  return { url, db: db as unknown as PouchDB.Database, fetch, close: () => db.close() };
}

export interface PushOutcome {
  /** Photos the server stored in this pass. */
  written: number;
  /** Photos it refused (wrong bytes, not ours): not sent again in this pass. */
  refused: number;
  /** Those refused for good in this pass, with the server's reason (kept: `refusals()`). */
  refusals: Array<{ sha256: string; reason: string }>;
}

/** Runs a one-shot PouchDB replication, cancelled when `signal` aborts (then it rejects with AbortError). */
async function replicateOnce(
  start: () => PouchDB.Replication.Replication<object>,
  signal: AbortSignal | undefined,
  onChange?: (info: PouchDB.Replication.ReplicationResult<object>) => void,
): Promise<PouchDB.Replication.ReplicationResultComplete<object>> {
  signal?.throwIfAborted();
  const rep = start();
  if (onChange) rep.on('change', onChange);
  const cancel = () => rep.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const result = await rep;
    signal?.throwIfAborted();
    return result;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** domain/evidence/photo-documents.ts: signed by this device when `capturedAt`, `reportId` are known. */
export type PhotoDoc = PhotoDocument;

/** A photo document as read back: attachments are stubs (content type, digest, length). */
export type StoredPhotoDoc = PhotoDoc & { _id: string; _rev: string; _attachments?: Record<string, unknown> };

export const PHOTO_ATTACHMENT = 'photo.jpg';
export const THUMB_ATTACHMENT = 'thumb.jpg';

const SHA256_RE = /^[0-9a-f]{64}$/;

const PHOTO_ID_PREFIX = 'photo:';
const RECEIPT_ID_PREFIX = 'receipt:';
/** A `_local` document: PouchDB never replicates it, and the vault's own listings (`photo:`…) skip it. */
const REFUSALS_ID = '_local/photo-refusals';

/** Kept refusals that are final: one an older version kept for an unknown device is sent again. */
function finalRefusals(refused: Record<string, string>): Array<[string, string]> {
  return Object.entries(refused).filter(([, reason]) => !isRetryableRefusal(reason));
}

export function photoDocId(sha256: string): string {
  return PHOTO_ID_PREFIX + sha256;
}

/** The contract plus what the app's "unsent photos" views and the tests need. */
export interface LocalPhotoVault extends PhotoVault {
  /** Every stored photo's document (attachment stubs only), in id order. */
  list(): Promise<StoredPhotoDoc[]>;
  /** The sha256 of every photo the server has confirmed (a `receipt:<sha256>[:<user>]` document in the vault). */
  receipts(): Promise<Set<string>>;
  /**
   * Sends the photos without a receipt that the server does not hold yet, as raw JPEG bytes, one per request
   * (photo-upload.ts), so an interrupted upload resumes at the next photo. `onWritten` gets the running count.
   */
  push(
    remote: RemoteVault,
    options?: {
      signal?: AbortSignal;
      onWritten?: (written: number) => void;
      /** Only these photos (by sha256), outside the checkpointed stream: the safety net for stragglers. */
      onlySha256?: readonly string[];
    },
  ): Promise<PushOutcome>;
  /**
   * The photos the server refused for good (a signature it does not accept, bytes that do not match), by
   * sha256, with its reason. They stay in the vault and are not sent again; their report shows *ditolak*.
   */
  refusals(): Promise<Map<string, string>>;
  /** Brings back what the server keeps for this user: the receipts (and, after a reinstall, the photos). */
  pull(remote: RemoteVault, options?: { signal?: AbortSignal }): Promise<number>;
  /**
   * The first open after the update to encryption: copies the photos and receipts of an earlier build's
   * unencrypted vault (sealing them on the way in), then destroys that vault. Returns how many documents moved.
   */
  importLegacy(legacyName: string): Promise<number>;
}

export interface PhotoVaultOptions {
  /** The user's open data key: attachments are sealed with it on the way in and opened on the way out. */
  key: DataKey;
  /**
   * This device's key (issue 11): each photo document is signed as it is stored, over its plaintext metadata
   * (the sealing of attachments is beneath the document's fields). Without it (tests of other things) photo
   * documents are stored unsigned, as before signing.
   */
  signer?: Pick<DeviceSigner, 'sign'>;
  /** The clock that stamps `storedAt` and ages orphans (injected by tests). */
  now?: () => Date;
}

/** What an upload sends besides the fields every photo has: the signed document's own (photo-upload.ts). */
function signedFieldsOf(doc: PhotoDoc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SIGNED_PHOTO_FIELDS) {
    const v = doc[name];
    if (v !== undefined) out[name] = String(v);
  }
  return out;
}

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

function storageError(err: unknown): unknown {
  return isQuotaExceeded(err) ? new StorageFullError(err) : err;
}

/** Opens (creating if needed) the vault in IndexedDB; `name` should be per user (DESIGN.md). */
export function openPhotoVault(name: string, options: PhotoVaultOptions): LocalPhotoVault {
  const now = options.now ?? (() => new Date());
  const { key } = options;
  // auto_compaction frees a deleted photo's attachment bytes, not just its document.
  const db = new PouchDB<PhotoDoc>(name, { adapter: 'idb', auto_compaction: true });
  // Every write, `put` and replication alike, passes bulkDocs: attachments are sealed there (issue 13).
  db.transform({ incoming: sealIncoming(key) });

  async function attachment(sha256: string, which: string): Promise<Blob | null> {
    if (!SHA256_RE.test(sha256)) return null;
    try {
      const stored = (await db.getAttachment(photoDocId(sha256), which)) as Blob;
      return await key.openBlob(stored, 'image/jpeg');
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  // One local (never replicated) document: sha256 → the server's reason.
  async function refusalRecord(): Promise<{ _id: string; _rev?: string; refused: Record<string, string> }> {
    try {
      return (await db.get(REFUSALS_ID)) as unknown as { _id: string; _rev: string; refused: Record<string, string> };
    } catch (err) {
      if (status(err) === 404) return { _id: REFUSALS_ID, refused: {} };
      throw err;
    }
  }

  async function recordRefusals(refusals: ReadonlyArray<{ sha256: string; reason: string }>): Promise<void> {
    if (refusals.length === 0) return;
    const record = await refusalRecord();
    for (const { sha256, reason } of refusals) record.refused[sha256] = reason;
    await db.put(record as unknown as PouchDB.Core.PutDocument<PhotoDoc>).catch((err: unknown) => {
      throw storageError(err);
    });
  }

  async function receiptSet(): Promise<Set<string>> {
    const all = await db.allDocs({ startkey: RECEIPT_ID_PREFIX, endkey: RECEIPT_ID_PREFIX + '\uffff' });
    // `receipt:<sha256>`, or `receipt:<sha256>:<me>` when someone else had uploaded the same bytes first.
    return new Set(all.rows.map((row) => receiptSha256(row.id)).filter((sha): sha is string => sha !== null));
  }

  return {
    async put(photo: ProcessedPhoto, meta: PhotoMeta) {
      const { sha256 } = photo;
      if (!SHA256_RE.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
      // The id promises these exact bytes to the server, which verifies them; check before storing.
      const actual = await sha256Hex(await photo.jpeg.arrayBuffer());
      if (actual !== sha256 || photo.jpeg.size !== photo.bytes) {
        throw new Error(`The photo's bytes do not match its sha256 ${sha256}`);
      }
      const content: PhotoDocument = {
        type: 'photo' as const,
        sha256,
        bytes: photo.bytes,
        width: photo.width,
        height: photo.height,
        contentType: 'image/jpeg' as const,
        author: meta.author,
        storedAt: now().toISOString(),
      };
      const signed =
        options.signer && meta.reportId !== undefined
          ? await options.signer.sign({
              ...content,
              schemaVersion: FIRST_SIGNED_PHOTO_VERSION,
              capturedAt: meta.capturedAt ?? content.storedAt,
              reportId: meta.reportId,
            })
          : content;
      const doc = {
        _id: photoDocId(sha256),
        ...signed,
        _attachments: {
          [PHOTO_ATTACHMENT]: { content_type: 'image/jpeg', data: photo.jpeg },
          [THUMB_ATTACHMENT]: { content_type: 'image/jpeg', data: photo.thumbnail },
        },
      };
      try {
        await db.put(doc);
        return { sha256, stored: true };
      } catch (err) {
        // Same bytes already stored (or stored by a concurrent put a moment ago): one copy is the point.
        if (status(err) === 409) return { sha256, stored: false };
        throw storageError(err);
      }
    },

    getPhoto: (sha256) => attachment(sha256, PHOTO_ATTACHMENT),

    getThumbnail: (sha256) => attachment(sha256, THUMB_ATTACHMENT),

    async has(sha256) {
      if (!SHA256_RE.test(sha256)) return false;
      try {
        await db.get(photoDocId(sha256));
        return true;
      } catch (err) {
        if (status(err) === 404) return false;
        throw err;
      }
    },

    async removeOrphans(referenced, olderThanMs) {
      const cutoff = now().getTime() - olderThanMs;
      const all = await db.allDocs({ startkey: 'photo:', endkey: 'photo:\uffff', include_docs: true });
      const doomed = all.rows.flatMap((row) => {
        const doc = row.doc;
        // An unreadable storedAt is kept: deleting a photo wrongly is worse than keeping one too long.
        const storedAt = doc ? Date.parse(doc.storedAt) : NaN;
        if (!doc || referenced.has(doc.sha256) || !(storedAt < cutoff)) return [];
        return [{ _id: doc._id, _rev: doc._rev, _deleted: true }];
      });
      if (doomed.length === 0) return 0;
      // Minimal tombstones (id, rev, _deleted), which the typings' PutDocument<PhotoDoc> cannot express.
      const results = await db.bulkDocs(doomed as unknown as PouchDB.Core.PutDocument<PhotoDoc>[]);
      return results.filter((r) => 'ok' in r && r.ok).length;
    },

    async list() {
      const all = await db.allDocs({ startkey: 'photo:', endkey: 'photo:\uffff', include_docs: true });
      return all.rows.flatMap((row) => (row.doc ? [row.doc] : []));
    },

    receipts: () => receiptSet(),

    async refusals() {
      return new Map(finalRefusals((await refusalRecord()).refused));
    },

    async push(remote, { signal, onWritten, onlySha256 } = {}) {
      signal?.throwIfAborted();
      // Every photo without a receipt is a candidate (receipts prove delivery; no checkpoint to trust or
      // lose); the server is asked which of them it holds already, and only the rest are sent.
      const [all, confirmed, refusedBefore] = await Promise.all([
        db.allDocs({ startkey: PHOTO_ID_PREFIX, endkey: PHOTO_ID_PREFIX + '\uffff' }),
        receiptSet(),
        refusalRecord(),
      ]);
      const finalRefused = new Map(finalRefusals(refusedBefore.refused));
      const only = onlySha256 ? new Set(onlySha256) : null;
      const ids = all.rows
        .map((row) => row.id.slice(PHOTO_ID_PREFIX.length))
        .filter(
          (sha) =>
            SHA256_RE.test(sha) &&
            !confirmed.has(sha) &&
            !finalRefused.has(sha) &&
            (!only || only.has(sha)),
        )
        .map(photoDocId);
      if (ids.length === 0) return { written: 0, refused: 0, refusals: [] };
      const docs = await db.allDocs({ keys: ids, include_docs: true });
      const candidates: UploadCandidate[] = docs.rows.flatMap((row) => {
        const doc = 'doc' in row ? row.doc : undefined;
        if (!doc || doc.type !== 'photo') return [];
        return [
          {
            sha256: doc.sha256,
            rev: doc._rev,
            bytes: doc.bytes,
            width: doc.width,
            height: doc.height,
            storedAt: doc.storedAt,
            signed: signedFieldsOf(doc),
            jpeg: async () => {
              const blob = await attachment(doc.sha256, PHOTO_ATTACHMENT);
              if (!blob) throw new Error(`photo ${doc.sha256} has no bytes in the vault`);
              return blob;
            },
          },
        ];
      });
      const out = await uploadPhotos(remote.url, remote.fetch, candidates, {
        ...(signal ? { signal } : {}),
        ...(onWritten ? { onWritten } : {}),
      });
      await recordRefusals(out.refusals);
      return { written: out.written, refused: out.refused, refusals: out.refusals };
    },

    async pull(remote, { signal } = {}) {
      const result = await replicateOnce(
        () => db.replicate.from(remote.db, { batch_size: 50, retry: false }),
        signal,
      );
      return result.docs_written;
    },

    async importLegacy(legacyName) {
      const legacy = new PouchDB<PhotoDoc>(legacyName, { adapter: 'idb' });
      const all = await legacy.allDocs({ include_docs: true, attachments: true, binary: true });
      const docs = all.rows.flatMap((row) => {
        if (!row.doc) return [];
        const { _rev: _drop, ...doc } = row.doc as StoredPhotoDoc;
        return [doc];
      });
      if (docs.length > 0) {
        const results = await db.bulkDocs(docs as unknown as PouchDB.Core.PutDocument<PhotoDoc>[]);
        // A conflict means the document is here already (an import interrupted earlier): that is fine.
        const failed = results.filter((r) => 'error' in r && r.status !== 409);
        if (failed.length > 0) {
          await legacy.close();
          throw new Error(`Copying the old photo vault failed for ${failed.length} documents.`);
        }
      }
      await legacy.destroy();
      return docs.length;
    },

    close: () => db.close(),
  };
}
