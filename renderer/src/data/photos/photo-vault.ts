// The photo vault: one PouchDB document per stored JPEG, `_id` = `photo:<sha256>`, the JPEG and its thumbnail
// as attachments. PouchDB and not RxDB because PouchDB's own replication carries attachments, checkpointed
// per document, which RxDB's CouchDB replication cannot (DESIGN.md, "Local data").

import PouchDB from 'pouchdb-core';
import idb from 'pouchdb-adapter-idb';
import { StorageFullError, isQuotaExceeded, type PhotoVault, type ProcessedPhoto } from '../contracts';
import { sha256Hex } from './sha256';

PouchDB.plugin(idb);

export interface PhotoDoc {
  type: 'photo';
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  contentType: 'image/jpeg';
  author: string;
  storedAt: string;
}

/** A photo document as read back: attachments are stubs (content type, digest, length). */
export type StoredPhotoDoc = PhotoDoc & { _id: string; _rev: string; _attachments?: Record<string, unknown> };

export const PHOTO_ATTACHMENT = 'photo.jpg';
export const THUMB_ATTACHMENT = 'thumb.jpg';

const SHA256_RE = /^[0-9a-f]{64}$/;

export function photoDocId(sha256: string): string {
  return 'photo:' + sha256;
}

/** The contract plus what the app's "unsent photos" views and the tests need. */
export interface LocalPhotoVault extends PhotoVault {
  /** Every stored photo's document (attachment stubs only), in id order. */
  list(): Promise<StoredPhotoDoc[]>;
}

export interface PhotoVaultOptions {
  /** The clock that stamps `storedAt` and ages orphans (injected by tests). */
  now?: () => Date;
}

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

function storageError(err: unknown): unknown {
  return isQuotaExceeded(err) ? new StorageFullError(err) : err;
}

/** Opens (creating if needed) the vault in IndexedDB; `name` should be per user (DESIGN.md). */
export function openPhotoVault(name: string, options: PhotoVaultOptions = {}): LocalPhotoVault {
  const now = options.now ?? (() => new Date());
  // auto_compaction frees a deleted photo's attachment bytes, not just its document.
  const db = new PouchDB<PhotoDoc>(name, { adapter: 'idb', auto_compaction: true });

  async function attachment(sha256: string, which: string): Promise<Blob | null> {
    if (!SHA256_RE.test(sha256)) return null;
    try {
      return (await db.getAttachment(photoDocId(sha256), which)) as Blob;
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  return {
    async put(photo: ProcessedPhoto, meta: { author: string }) {
      const { sha256 } = photo;
      if (!SHA256_RE.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
      // The id promises these exact bytes to the server, which verifies them; check before storing.
      const actual = await sha256Hex(await photo.jpeg.arrayBuffer());
      if (actual !== sha256 || photo.jpeg.size !== photo.bytes) {
        throw new Error(`The photo's bytes do not match its sha256 ${sha256}`);
      }
      const doc = {
        _id: photoDocId(sha256),
        type: 'photo' as const,
        sha256,
        bytes: photo.bytes,
        width: photo.width,
        height: photo.height,
        contentType: 'image/jpeg' as const,
        author: meta.author,
        storedAt: now().toISOString(),
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

    close: () => db.close(),
  };
}
