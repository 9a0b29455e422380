// What the server signs (issue 11): a receipt for each report, event and photo it holds, and checkpoints —
// Merkle roots over every receipt so far (merkle.ts). Both are signed with the server's Ed25519 key over
// context + RFC 8785 JCS, like device signatures, so a bundle verifies with nothing but its own files.

import { canonicalJson } from './canonical';
import { utf8, verifyEd25519 } from './web-crypto';

export const RECEIPT_CONTEXT = 'tertib-receipt-v1\n';
export const CHECKPOINT_CONTEXT = 'tertib-checkpoint-v1\n';

export interface EvidenceReceipt {
  type: 'evidence-receipt';
  kind: 'report' | 'event' | 'photo';
  /** The report or event id; for a photo, its sha256. */
  docId: string;
  /** documentHash of the report or event; the sha256 of a photo's JPEG bytes. */
  hash: string;
  /** For a photo: the report its signed photo document was taken for ('' for a photo made before signing). */
  reportId: string;
  /**
   * For a photo: null when signed as the bytes arrived (the report may come later; it names the photo under
   * its own signature and receipt); the hash of the report (or event) naming it when signed late, for a photo
   * stored before receipts were signed at receipt time.
   */
  reportHash: string | null;
  /** ISO time the server stored the document (for a photo: when it re-hashed the bytes). */
  receivedAt: string;
  keyId: string;
  signature: string;
}

export interface Checkpoint {
  type: 'checkpoint';
  seq: number;
  at: string;
  /** Receipts covered: the first `size` leaves of the append-only log. */
  size: number;
  root: string;
  /** Hash of the previous checkpoint's signed content, null for the first. */
  prev: string | null;
  keyId: string;
  signature: string;
}

export interface ServerKeyInfo {
  algorithm: 'Ed25519';
  /** Raw public key, base64url. */
  publicKey: string;
  /** First 16 hex digits of the public key's sha256. */
  keyId: string;
}

type Unsigned<T> = Omit<T, 'signature'>;

export const receiptSigningBytes = (r: Unsigned<EvidenceReceipt> | EvidenceReceipt): Uint8Array => {
  const { signature: _s, ...content } = r as EvidenceReceipt;
  return utf8(RECEIPT_CONTEXT + canonicalJson(content));
};

/** The signed content of a checkpoint (its stored leaf list is not part of it). */
export function checkpointContent(c: Checkpoint | Unsigned<Checkpoint>): Unsigned<Checkpoint> {
  return {
    type: 'checkpoint',
    seq: c.seq,
    at: c.at,
    size: c.size,
    root: c.root,
    prev: c.prev,
    keyId: c.keyId,
  };
}

export const checkpointSigningBytes = (c: Checkpoint | Unsigned<Checkpoint>): Uint8Array =>
  utf8(CHECKPOINT_CONTEXT + canonicalJson(checkpointContent(c)));

export const verifyReceipt = (r: EvidenceReceipt, key: ServerKeyInfo): Promise<boolean> =>
  r.keyId === key.keyId
    ? verifyEd25519(key.publicKey, receiptSigningBytes(r), r.signature)
    : Promise.resolve(false);

export const verifyCheckpoint = (c: Checkpoint, key: ServerKeyInfo): Promise<boolean> =>
  c.keyId === key.keyId
    ? verifyEd25519(key.publicKey, checkpointSigningBytes(c), c.signature)
    : Promise.resolve(false);

/** The leaf a receipt is in the checkpoint log: its hash (sha256 of JCS with its signature), hex. */
export { documentHash as receiptLeaf } from './signatures';
