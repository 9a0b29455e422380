import crypto from 'node:crypto';
import {
  PHOTO_ATTACHMENT,
  PHOTO_ID_PREFIX,
  receiptDocId,
  type PhotoReceipt,
} from '../../../domain/photo-rules';
import { type BackendHttp, jsonOrThrow } from '../sync/backend-http';
import { BackendRefusal, backendError, storeThumbnail, thumbnailExists } from './thumbnails';
import type { ChangeRow, ChangesFollower } from '../sync/changes-follower';
import type { WorkerProgress } from '../coordination/lease';
import { Backlog } from './backlog';
import { type ReceiptInput, receiptId as evidenceReceiptId } from '../evidence/evidence-store';
import type { EvidenceReceipt } from '../../../domain/evidence/receipts';

// Follows the photos database and, for every photo whose stored bytes hash to its id, makes the server's
// thumbnail of those bytes (thumbnails.ts) and writes the receipt
// (`receipt:<sha256>`) that replicates back to the officer's vault. Only a receipt makes a photo — and a
// report whose photos all have one — "terkirim" in the app. The worker keeps its place in a checkpoint, so a
// restart resumes where it stopped and catches up with photos that arrived while it was down.
//
// The same moment it signs the evidence receipt (issue 11: `receipt:photo:<sha256>` in tertib_evidence, so
// the next checkpoint includes it): signed first, then read back, and the vault's receipt carries the signed
// receipt's time — so a restart between the two writes, or a second worker over the same photo, finds the
// first signed receipt and writes the vault's receipt with its time: one receipt, never two different ones.

/** Where the worker signs photo receipts (evidence/evidence-store.ts). */
export interface PhotoEvidence {
  write(inputs: readonly ReceiptInput[]): Promise<void>;
  receipts(ids: readonly string[]): Promise<Map<string, EvidenceReceipt>>;
}

const CHECKPOINT = '_local/worker-photo-receipts';
/** Refusals of one photo before the worker logs it and moves on (about a minute of retries). */
const REFUSALS_BEFORE_SKIPPING = 6;

export class PhotoReceiptWorker {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private readonly backlog = new Backlog();
  private readonly onChanges = (rows: ChangeRow[], lastSeq: string | number) => {
    this.enqueue(rows, lastSeq);
  };

  constructor(
    private readonly http: BackendHttp,
    private readonly photosDb: string,
    private readonly thumbnailsDb: string,
    private readonly follower: ChangesFollower,
    private readonly log: (msg: string) => void,
    private readonly evidence: PhotoEvidence | null = null,
  ) {}

  async start(): Promise<void> {
    this.follower.on('changes', this.onChanges);
    // Catch up from the checkpoint to where the follower started.
    let since = await this.checkpoint();
    for (;;) {
      const qs = new URLSearchParams({ since: String(since), limit: '200', include_docs: 'true' });
      const page = await jsonOrThrow<{ results: ChangeRow[]; last_seq: string | number }>(
        await this.http.admin(`${this.photosDb}/_changes?${qs}`),
        'photos changes',
      );
      this.enqueue(page.results, page.last_seq);
      since = page.last_seq;
      if (page.results.length < 200) break;
    }
    await this.queue;
  }

  /** Resolves once everything seen so far is processed (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  progress(): WorkerProgress {
    return this.backlog.progress();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.follower.off('changes', this.onChanges);
    for (const wake of [...this.wakers]) wake();
    return this.queue;
  }

  /**
   * Batches run in order; a batch that fails (the backend restarting, a timeout) is retried in place with
   * growing waits (at most a minute) until it succeeds, so the checkpoint never moves past a photo that got
   * no receipt — one would leave its report "mengirim" for good. Receipts and thumbnails are idempotent.
   * A photo the backend keeps refusing (`BackendRefusal`) is logged and passed over after a few attempts:
   * one bad item must not hold up every photo after it. The log line names it for an administrator; its
   * report stays "mengirim" on the officer's device, which is the truth: the server has no receipt for it.
   */
  private enqueue(rows: ChangeRow[], lastSeq: string | number): void {
    const done = this.backlog.add(rows.filter((r) => r.id.startsWith(PHOTO_ID_PREFIX)).length);
    this.queue = this.queue.then(async () => {
      try {
        await this.processBatch(rows, lastSeq);
      } finally {
        done();
      }
    });
  }

  private async processBatch(rows: ChangeRow[], lastSeq: string | number): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        for (const row of rows) {
          try {
            await this.process(row);
          } catch (err) {
            if (!(err instanceof BackendRefusal) || attempt < REFUSALS_BEFORE_SKIPPING) throw err;
            this.log(`photo receipts: passing over ${row.id} after ${attempt + 1} refusals: ${err.message}`);
          }
        }
        await this.saveCheckpoint(lastSeq);
        return;
      } catch (err) {
        const wait = Math.min(60_000, 500 * 2 ** Math.min(attempt, 7));
        this.log(`photo receipts: ${(err as Error).message}; retrying in ${wait} ms`);
        await this.pause(wait);
      }
    }
  }

  /** A wait that `stop()` cuts short, so shutting down never waits out a back-off. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private async process(row: ChangeRow): Promise<void> {
    const doc = row.doc;
    if (!doc || row.deleted || doc.type !== 'photo' || !row.id.startsWith(PHOTO_ID_PREFIX)) return;
    const sha256 = String(doc.sha256);
    const receiptId = receiptDocId(sha256);
    const existing = await this.http.admin(`${this.photosDb}/${encodeURIComponent(receiptId)}`, {
      method: 'HEAD',
    });
    await existing.body?.cancel();
    const needsThumbnail = !(await thumbnailExists(this.http, this.thumbnailsDb, sha256));
    if (existing.ok && !needsThumbnail) return;
    const att = await this.http.admin(`${this.photosDb}/${encodeURIComponent(row.id)}/${PHOTO_ATTACHMENT}`);
    if (!att.ok) throw backendError(att.status, `${row.id}: attachment missing (${att.status})`);
    const bytes = Buffer.from(await att.arrayBuffer());
    const actual = crypto.createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      // The gateway refuses such uploads; one that got past it (written straight into CouchDB) gets no receipt.
      this.log(`photo ${row.id}: stored bytes hash to ${actual}; no receipt written`);
      return;
    }
    // The thumbnail first: once the receipt says "terkirim", reviewers should see the server's thumbnail.
    if (needsThumbnail) await storeThumbnail(this.http, this.thumbnailsDb, sha256, bytes, this.log);
    if (existing.ok) return;
    const receipt: PhotoReceipt = {
      _id: receiptId,
      type: 'receipt',
      sha256,
      author: String(doc.author),
      bytes: bytes.length,
      receivedAt: await this.signReceipt(doc, sha256, new Date().toISOString()),
    };
    const put = await this.http.admin(`${this.photosDb}/${encodeURIComponent(receiptId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(receipt),
    });
    if (!put.ok && put.status !== 409) {
      throw backendError(
        put.status,
        `${receiptId}: backend answered ${put.status} ${(await put.text()).trim().slice(0, 200)}`,
      );
    }
    await put.body?.cancel();
  }

  /**
   * Signs the evidence receipt of verified bytes (kept if one exists) and returns its time. It names the
   * report the signed photo document was taken for ('' for a photo made before signing); `reportHash` stays
   * null: the report (or closing event) names the photo's sha256 under its own signature and receipt.
   */
  private async signReceipt(doc: Record<string, unknown>, sha256: string, now: string): Promise<string> {
    if (!this.evidence) return now;
    await this.evidence.write([
      {
        kind: 'photo',
        docId: sha256,
        hash: sha256,
        reportId: typeof doc.reportId === 'string' ? doc.reportId : '',
        reportHash: null,
        receivedAt: now,
      },
    ]);
    const id = evidenceReceiptId('photo', sha256);
    return (await this.evidence.receipts([id])).get(id)?.receivedAt ?? now;
  }

  private async checkpoint(): Promise<string | number> {
    const res = await this.http.admin(`${this.photosDb}/${CHECKPOINT}`);
    if (!res.ok) return 0;
    return ((await res.json()) as { seq: string | number }).seq;
  }

  private async saveCheckpoint(seq: string | number): Promise<void> {
    const res = await this.http.admin(`${this.photosDb}/${CHECKPOINT}`);
    const rev = res.ok ? ((await res.json()) as { _rev: string })._rev : undefined;
    const put = await this.http.admin(`${this.photosDb}/${CHECKPOINT}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seq, ...(rev ? { _rev: rev } : {}) }),
    });
    await put.body?.cancel();
  }
}
