// The half-filled report form, kept in one RxDB local document (not replicated, not a collection) so it
// survives a reload or a crash. Photos are referenced by sha256; their bytes are in the vault already.

import type { RxLocalDocumentMutation } from 'rxdb';
import { isPlainObject } from '../../../../domain/schema';
import { StorageFullError, isQuotaExceeded, type Draft } from '../contracts';
import type { DataKey } from '../keys/data-key';

export interface DraftStore {
  /** The saved draft, or null when there is none (or what is stored is not a draft of this version). */
  load(): Promise<Draft | null>;
  save(draft: Draft): Promise<void>;
  clear(): Promise<void>;
}

const DRAFT_ID = 'draft';

/**
 * Light shape check on read: a draft written by an older build, or damaged, must not crash the form; it is
 * dropped instead (the form starts empty; its photos are collected as orphans after a day).
 */
function asDraft(data: unknown): Draft | null {
  if (!isPlainObject(data)) return null;
  const photos = data.photos;
  if (!Array.isArray(photos) || !photos.every((p) => isPlainObject(p) && typeof p.sha256 === 'string')) {
    return null;
  }
  if (!isPlainObject(data.exifHints) || typeof data.updatedAt !== 'string') return null;
  // A damaged area costs only the area (the form falls back to the officer's last one), not the draft.
  if (data.area !== undefined && data.area !== null && !isArea(data.area)) {
    const { area: _damaged, ...rest } = data;
    return rest as unknown as Draft;
  }
  return data as unknown as Draft;
}

const isAreaRef = (v: unknown): boolean =>
  isPlainObject(v) && typeof v.code === 'string' && typeof v.name === 'string';

function isArea(v: unknown): boolean {
  return isPlainObject(v) && isAreaRef(v.kelurahan) && isAreaRef(v.kecamatan) && isAreaRef(v.kota);
}

/** What the local document holds: the draft sealed with the data key (RxDB does not encrypt local documents). */
interface SealedDraft {
  sealed: string;
}

/**
 * Needs only the database's local-document methods (RxDB's `localDocuments: true`). A draft that does not
 * open with the key is dropped like a damaged one; the form starts empty.
 */
export function createDraftStore(
  db: Pick<RxLocalDocumentMutation<unknown>, 'getLocal' | 'upsertLocal'>,
  key: DataKey,
): DraftStore {
  return {
    async load() {
      const doc = await db.getLocal<SealedDraft>(DRAFT_ID);
      if (doc === null) return null;
      const sealed: unknown = doc.toMutableJSON().data.sealed;
      if (typeof sealed !== 'string') return null;
      return asDraft(await key.openJson(sealed).catch(() => null));
    },
    async save(draft) {
      try {
        await db.upsertLocal<SealedDraft>(DRAFT_ID, { sealed: await key.sealJson(draft) });
      } catch (err) {
        throw isQuotaExceeded(err) ? new StorageFullError(err) : err;
      }
    },
    async clear() {
      const doc = await db.getLocal<SealedDraft>(DRAFT_ID);
      if (doc !== null) await doc.remove();
    },
  };
}
