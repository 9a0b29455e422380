import { merkleRoot, inclusionProof } from '../../../domain/evidence/merkle';
import {
  type Checkpoint,
  type EvidenceReceipt,
  checkpointContent,
  checkpointSigningBytes,
  receiptLeaf,
  receiptSigningBytes,
} from '../../../domain/evidence/receipts';
import { documentHash } from '../../../domain/evidence/signatures';
import { canonicalJson } from '../../../domain/evidence/canonical';
import { sha256Hex } from '../../../domain/evidence/web-crypto';
import { type Couch, isConflict } from '../couch';
import type { ServerSigner } from './server-key';

// Signed receipts and checkpoints (issue 11), in the server-only database `tertib_evidence`:
//   receipt:<kind>:<docId>  one per report, event and photo, signed when the server first holds the document;
//                          written once (a retry keeps the first), never changed.
//   checkpoint:<seq>       append-only: the leaves (receipt hashes) added since the previous checkpoint, and
//                          the signed root over all leaves so far. A second server racing for the same seq
//                          loses the insert and reads the winner's.

export const RECEIPT_PREFIX = 'receipt:';
export const CHECKPOINT_PREFIX = 'checkpoint:';

interface CheckpointDoc extends Checkpoint {
  _id: string;
  _rev?: string;
  /** Receipt ids whose hashes are this checkpoint's new leaves, in leaf order. */
  receiptIds: string[];
  leaves: string[];
}

type ReceiptDoc = EvidenceReceipt & { _id: string; _rev?: string };

const seqId = (seq: number) => CHECKPOINT_PREFIX + String(seq).padStart(10, '0');
export const receiptId = (kind: EvidenceReceipt['kind'], docId: string) =>
  `${RECEIPT_PREFIX}${kind}:${docId}`;

export interface ReceiptInput {
  kind: EvidenceReceipt['kind'];
  docId: string;
  hash: string;
  reportId: string;
  reportHash: string | null;
  receivedAt: string;
}

export interface InclusionProof {
  receiptId: string;
  index: number;
  path: string[];
}

export class EvidenceStore {
  private readonly db;

  constructor(
    couch: Couch,
    dbName: string,
    private readonly signer: ServerSigner,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = couch.use<Record<string, unknown>>(dbName);
  }

  /** Receipts for report or event documents the gateway just stored (validated content). */
  async receiveDocuments(
    kind: 'report' | 'event',
    docs: ReadonlyArray<Record<string, unknown>>,
  ): Promise<void> {
    const receivedAt = this.now().toISOString();
    const inputs = await Promise.all(
      docs.map(async (doc) => ({
        kind,
        docId: String(doc.id ?? doc._id),
        hash: await documentHash(doc),
        reportId: String(kind === 'report' ? (doc.id ?? doc._id) : doc.reportId),
        reportHash: typeof doc.reportHash === 'string' ? doc.reportHash : null,
        receivedAt,
      })),
    );
    await this.write(inputs);
  }

  /** Writes each receipt unless one of that id exists (the first stays; receipts never change). */
  async write(inputs: readonly ReceiptInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const docs: ReceiptDoc[] = inputs.map((input) => {
      const content = { type: 'evidence-receipt' as const, ...input, keyId: this.signer.info.keyId };
      return {
        _id: receiptId(input.kind, input.docId),
        ...content,
        signature: this.signer.sign(receiptSigningBytes(content)),
      };
    });
    const res = await this.db.bulk({ docs });
    for (const row of res) {
      if (row.error && row.error !== 'conflict')
        throw new Error(`receipt ${row.id}: ${row.error} ${row.reason ?? ''}`);
    }
  }

  async receipts(ids: readonly string[]): Promise<Map<string, EvidenceReceipt>> {
    const out = new Map<string, EvidenceReceipt>();
    if (ids.length === 0) return out;
    const res = await this.db.fetch({ keys: [...ids] });
    for (const row of res.rows) {
      if ('doc' in row && row.doc) {
        const { _id, _rev, ...receipt } = row.doc as unknown as ReceiptDoc;
        out.set(_id, receipt);
      }
    }
    return out;
  }

  private async checkpointDocs(): Promise<CheckpointDoc[]> {
    const res = await this.db.list({
      include_docs: true,
      startkey: CHECKPOINT_PREFIX,
      endkey: `${CHECKPOINT_PREFIX}\ufff0`,
    });
    return res.rows.flatMap((r) => (r.doc ? [r.doc as unknown as CheckpointDoc] : []));
  }

  /** Every published checkpoint, oldest first, as signed (without their leaf lists). */
  async checkpoints(): Promise<Checkpoint[]> {
    return (await this.checkpointDocs()).map((c) => ({ ...checkpointContent(c), signature: c.signature }));
  }

  /**
   * Publishes a checkpoint over every receipt so far, if any receipt came since the last one; returns the
   * latest checkpoint either way (null while there is no receipt at all).
   */
  async checkpoint(): Promise<Checkpoint | null> {
    for (;;) {
      const published = await this.checkpointDocs();
      const last = published[published.length - 1] ?? null;
      const sealed = new Set(published.flatMap((c) => c.receiptIds));
      const all = await this.db.list({
        include_docs: true,
        startkey: RECEIPT_PREFIX,
        endkey: `${RECEIPT_PREFIX}\ufff0`,
      });
      const fresh = all.rows.filter((r) => !sealed.has(r.id) && r.doc);
      if (fresh.length === 0) return last ? { ...checkpointContent(last), signature: last.signature } : null;
      const receiptIds = fresh.map((r) => r.id);
      const leaves = await Promise.all(
        fresh.map((r) => {
          const { _id, _rev, ...receipt } = r.doc as unknown as ReceiptDoc;
          return receiptLeaf(receipt as unknown as Record<string, unknown>);
        }),
      );
      const allLeaves = [...published.flatMap((c) => c.leaves), ...leaves];
      const content = {
        type: 'checkpoint' as const,
        seq: (last?.seq ?? 0) + 1,
        at: this.now().toISOString(),
        size: allLeaves.length,
        root: await merkleRoot(allLeaves),
        prev: last ? await sha256Hex(canonicalJson(checkpointContent(last))) : null,
        keyId: this.signer.info.keyId,
      };
      const signed: Checkpoint = { ...content, signature: this.signer.sign(checkpointSigningBytes(content)) };
      try {
        await this.db.insert({ _id: seqId(content.seq), ...signed, receiptIds, leaves } as unknown as Record<
          string,
          unknown
        >);
        return signed;
      } catch (err) {
        if (!isConflict(err)) throw err; // another server published this seq first: look again
      }
    }
  }

  /** Inclusion proofs of these receipts in the latest checkpoint; receipts it does not cover are absent. */
  async proofs(
    receiptIds: readonly string[],
  ): Promise<{ checkpoint: Checkpoint | null; proofs: InclusionProof[] }> {
    const published = await this.checkpointDocs();
    const last = published[published.length - 1];
    if (!last) return { checkpoint: null, proofs: [] };
    const ids = published.flatMap((c) => c.receiptIds);
    const leaves = published.flatMap((c) => c.leaves);
    const proofs: InclusionProof[] = [];
    for (const id of receiptIds) {
      const index = ids.indexOf(id);
      if (index !== -1) proofs.push({ receiptId: id, index, path: await inclusionProof(leaves, index) });
    }
    return { checkpoint: { ...checkpointContent(last), signature: last.signature }, proofs };
  }
}
