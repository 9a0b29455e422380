// The vault's encryption at rest (issue 13): every attachment written to the user's vault — by `put` or by
// PouchDB's replication pulling the user's photos back after a reinstall — is sealed with the data key on its
// way in (transform-pouch's `incoming` hook on bulkDocs, which both paths go through), and opened on the way
// out by the vault's own reads. The document keeps its id `photo:<sha256 of the plaintext JPEG>`, size and
// dimensions in the clear: they name the photo, they do not show it.

import type { DataKey } from '../keys/data-key';
import { fromBase64 } from '../keys/data-key';

/** The content type of a sealed attachment: says nothing about what is inside. */
export const SEALED_TYPE = 'application/octet-stream';

interface Attachment {
  content_type?: string;
  data?: unknown;
  stub?: boolean;
}

async function bytesOf(data: unknown): Promise<Uint8Array | null> {
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (typeof data === 'string') return fromBase64(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}

/** The incoming transform: seals each attachment that carries data and is not sealed already. */
export function sealIncoming(key: DataKey) {
  return async (doc: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const attachments = doc._attachments as Record<string, Attachment> | undefined;
    if (!attachments || doc.sealed === 1) return doc;
    const sealed: Record<string, Attachment> = {};
    for (const [name, att] of Object.entries(attachments)) {
      const bytes = att.stub ? null : await bytesOf(att.data);
      if (bytes === null) {
        sealed[name] = att;
        continue;
      }
      sealed[name] = { content_type: SEALED_TYPE, data: new Blob([await key.seal(bytes)], { type: SEALED_TYPE }) };
    }
    return { ...doc, sealed: 1, _attachments: sealed };
  };
}
