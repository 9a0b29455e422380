import express, { Router, type Request, type Response } from 'express';
import { countWrites } from '../metrics';
import { PHOTO_MAX_BYTES, photoDocId, sharedReceiptDocId } from '../../../domain/photo-rules';
import type { UserContext } from '../../../domain/users';
import { authOf } from '../http/auth';
import { fetchDocs } from './bulk-docs';
import type { SyncDeps } from './db-routes';
import { bulkDocsPhotos, checkPhotoBytes } from './photos';

// Photos without base64 (issue 10): the app asks which of its photos the server already holds for it, then
// sends each missing one as its raw JPEG bytes, one request per photo —
//
//   POST /db/photos/_held                  {"sha256": [...]}  →  {"held": [...]}
//   PUT  /db/photos/photo:<sha256>/photo.jpg?rev=&bytes=&width=&height=&storedAt=   body: the JPEG
//        [&schemaVersion=&capturedAt=&reportId=&deviceId=&signature=]   (a signed photo document, issue 11)
//
// so a photo costs its own bytes plus one request's headers on the wire (base64 inside JSON cost 1.33×),
// an interrupted upload resumes at the next photo, and a photo the server holds is never sent again.
// The bytes are checked exactly as an inline photo's are (length, JPEG signature, sha256: photos.ts) before
// anything is stored, and the document is written through the same path (bulkDocsPhotos), as the user with
// the derived credential, so CouchDB's validate_doc_update still sees the real user. `rev` is the vault's
// own revision, written with new_edits=false as PouchDB's replication would: the device and the server
// then hold the same revision, and pulling receipts never brings the photo back down.
// Mounted in front of syncRoutes (whose JSON parser would otherwise read the JPEG).

const SHA = /^[0-9a-f]{64}$/;
const REV = /^[1-9][0-9]{0,8}-[0-9a-f]{32}$/;
/** How many sha256 one `_held` question may name: a backlog's worth, answered by one backend read. */
export const HELD_MAX = 1000;

type PhotoDoc = Record<string, unknown> & { _id: string };
type WriteResult = { ok: true } | { ok: false; error: string; reason: string };

/**
 * Writes the photos of one user, combining the uploads that arrive while a backend write is under way into
 * the next one (at most 20 documents, bulkDocsPhotos' limit): on the embedded backend a write costs ~50 ms
 * whatever its size, so photos in flight side by side would otherwise queue behind one another. Nothing
 * waits for company: a photo arriving at an idle writer goes at once.
 */
class PhotoWriter {
  private queue: Array<{ doc: PhotoDoc; done: (r: WriteResult) => void; fail: (e: unknown) => void }> = [];
  private busy = false;

  constructor(private readonly write: (docs: PhotoDoc[]) => Promise<Map<string, WriteResult>>) {}

  /** True while nothing is queued or being written (the writer may then be dropped). */
  get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  put(doc: PhotoDoc): Promise<WriteResult> {
    return new Promise((done, fail) => {
      this.queue.push({ doc, done, fail });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 20);
      try {
        const results = await this.write(batch.map((b) => b.doc));
        for (const b of batch) b.done(results.get(b.doc._id) ?? { ok: true });
      } catch (err) {
        for (const b of batch) b.fail(err);
      }
    }
    this.busy = false;
  }
}

function couchError(res: Response, status: number, error: string, reason: string): void {
  res.status(status).json({ error, reason });
}

/**
 * The signed photo document's own fields (domain/evidence/photo-documents.ts), as the device sent them: each
 * given one is taken as it is (the signature decides whether it holds), none given is an unsigned photo of
 * an app from before signing. Null when one is malformed.
 */
function signedFields(q: Request['query']): Record<string, string | number> | null {
  const out: Record<string, string | number> = {};
  for (const name of ['capturedAt', 'reportId', 'deviceId', 'signature'] as const) {
    const v = q[name];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length === 0 || v.length > 200) return null;
    out[name] = v;
  }
  if (q.schemaVersion !== undefined) {
    const version = positiveInt(q.schemaVersion, 1000);
    if (version === null) return null;
    out.schemaVersion = version;
  }
  return out;
}

function positiveInt(v: unknown, max: number): number | null {
  if (typeof v !== 'string' || !/^[0-9]{1,9}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n <= max ? n : null;
}

export function photoUploadRoutes(deps: SyncDeps): Router {
  const router = Router();
  const db = deps.names.photos;
  const writers = new Map<string, PhotoWriter>();
  const writePhoto = async (user: UserContext, doc: PhotoDoc): Promise<WriteResult> => {
    let writer = writers.get(user.name);
    if (!writer) {
      writer = new PhotoWriter(async (docs) => {
        const refused = await bulkDocsPhotos(
          deps.http,
          db,
          deps.backendPassword,
          user,
          { docs, new_edits: false },
          deps.signatures,
        );
        return new Map(
          refused.flatMap((row) =>
            'error' in row && row.id !== null
              ? [[row.id, { ok: false as const, error: row.error, reason: row.reason }]]
              : [],
          ),
        );
      });
      writers.set(user.name, writer);
    }
    try {
      return await writer.put(doc);
    } finally {
      if (writer.idle) writers.delete(user.name);
    }
  };

  router.post('/_held', deps.auth.require(), express.json({ limit: '128kb' }), async (req, res) => {
    const list = (req.body as { sha256?: unknown } | undefined)?.sha256;
    if (
      !Array.isArray(list) ||
      list.length > HELD_MAX ||
      !list.every((s): s is string => typeof s === 'string' && SHA.test(s))
    ) {
      return couchError(res, 400, 'bad_request', `Send {"sha256": [...]} with at most ${HELD_MAX} sha256.`);
    }
    const me = authOf(res).user.name;
    const unique = [...new Set(list)];
    const docs = await fetchDocs(deps.http, db, [
      ...unique.map(photoDocId),
      ...unique.map((sha) => sharedReceiptDocId(sha, me)),
    ]);
    // Held for me: my own upload, or someone else's of the same bytes for which I already proved I have them
    // (my shared receipt). Someone else's photo alone is not: the bytes must come once from me too.
    const held = unique.filter(
      (sha) => docs.get(photoDocId(sha))?.author === me || docs.has(sharedReceiptDocId(sha, me)),
    );
    res.json({ held });
  });

  router.put(
    '/:id/photo.jpg',
    deps.auth.require(),
    express.raw({ type: () => true, limit: PHOTO_MAX_BYTES, inflate: false }),
    async (req: Request, res: Response) => {
      const id = String(req.params.id);
      const sha256 = id.startsWith('photo:') ? id.slice('photo:'.length) : '';
      if (!SHA.test(sha256)) return couchError(res, 404, 'not_found', 'Photos are named photo:<sha256>.');
      const q = req.query;
      const bytes = positiveInt(q.bytes, PHOTO_MAX_BYTES);
      const width = positiveInt(q.width, 100_000);
      const height = positiveInt(q.height, 100_000);
      const rev = typeof q.rev === 'string' && REV.test(q.rev) ? q.rev : null;
      const storedAt =
        typeof q.storedAt === 'string' && q.storedAt.length <= 40 && !Number.isNaN(Date.parse(q.storedAt))
          ? q.storedAt
          : null;
      const signed = signedFields(q);
      if (
        bytes === null ||
        width === null ||
        height === null ||
        rev === null ||
        storedAt === null ||
        signed === null
      ) {
        return couchError(
          res,
          400,
          'bad_request',
          'Give rev, bytes, width, height and storedAt of the photo as query parameters.',
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const problem = checkPhotoBytes(body, { bytes, sha256 });
      if (problem) return couchError(res, 400, 'bad_request', problem);
      const user = authOf(res).user;
      const doc = {
        _id: id,
        _rev: rev,
        type: 'photo',
        sha256,
        bytes,
        width,
        height,
        contentType: 'image/jpeg',
        author: user.name,
        storedAt,
        ...signed,
        // Base64 from here on is loopback only (gateway → backend), never on the client's link.
        _attachments: { 'photo.jpg': { content_type: 'image/jpeg', data: body.toString('base64') } },
      };
      const written = await writePhoto(user, doc);
      countWrites('photos', [written.ok ? {} : { error: written.error }]);
      if (!written.ok) {
        return couchError(res, written.error === 'forbidden' ? 403 : 500, written.error, written.reason);
      }
      res.status(201).json({ ok: true, id, rev });
    },
  );

  router.use((err: unknown, _req: Request, res: Response, next: (e: unknown) => void) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large')
      return couchError(res, 413, 'too_large', `A photo is at most ${PHOTO_MAX_BYTES} bytes.`);
    if (e.type === 'encoding.unsupported')
      return couchError(res, 415, 'bad_content_type', 'Send the JPEG as it is, not compressed.');
    if (e.type === 'entity.parse.failed') return couchError(res, 400, 'bad_request', 'invalid UTF-8 JSON');
    if (
      typeof e.status === 'number' &&
      e.status >= 400 &&
      e.status < 500 &&
      e.status !== 401 &&
      e.status !== 403
    )
      return couchError(res, 400, 'bad_request', 'The request body could not be read.');
    next(err);
  });
  return router;
}
