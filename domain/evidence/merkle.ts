// RFC 6962 (Certificate Transparency) Merkle trees over the server's receipts: leaf hash =
// SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right), the tree over n leaves split at the largest
// power of two below n. A checkpoint publishes (size, root); an inclusion proof shows one receipt is among the
// first `size` leaves. Because a checkpoint's leaves are the previous checkpoint's followed by new ones, a
// history rewritten after a checkpoint was published contradicts it.

import { subtle, toHex, utf8 } from './web-crypto';

async function sha256(parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', all));
}

const fromHex = (hex: string): Uint8Array => {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
};

/** The leaf hash of a receipt hash (hex text of its documentHash). */
export const leafHash = async (leaf: string): Promise<Uint8Array> =>
  sha256([new Uint8Array([0]), utf8(leaf)]);
const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array> =>
  sha256([new Uint8Array([1]), left, right]);

/** Largest power of two strictly less than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

async function rootOf(hashes: Uint8Array[]): Promise<Uint8Array> {
  if (hashes.length === 0) return sha256([]);
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  const k = split(hashes.length);
  return nodeHash(await rootOf(hashes.slice(0, k)), await rootOf(hashes.slice(k)));
}

/** The root (hex) over `leaves` in order. */
export async function merkleRoot(leaves: readonly string[]): Promise<string> {
  return toHex(await rootOf(await Promise.all(leaves.map(leafHash))));
}

/** The audit path (hex hashes, bottom up) of leaf `index` in the tree over `leaves`. */
export async function inclusionProof(leaves: readonly string[], index: number): Promise<string[]> {
  const hashes = await Promise.all(leaves.map(leafHash));
  const path: Uint8Array[] = [];
  const walk = async (m: number, nodes: Uint8Array[]): Promise<void> => {
    if (nodes.length <= 1) return;
    const k = split(nodes.length);
    if (m < k) {
      await walk(m, nodes.slice(0, k));
      path.push(await rootOf(nodes.slice(k)));
    } else {
      await walk(m - k, nodes.slice(k));
      path.push(await rootOf(nodes.slice(0, k)));
    }
  };
  if (index < 0 || index >= hashes.length) throw new Error(`No leaf ${index} in a tree of ${hashes.length}.`);
  await walk(index, hashes);
  return path.map(toHex);
}

/** Does `path` prove `leaf` is leaf `index` of the tree of `size` leaves whose root is `root`? (RFC 9162 2.1.3.2) */
export async function verifyInclusion(
  leaf: string,
  index: number,
  size: number,
  path: readonly string[],
  root: string,
): Promise<boolean> {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (!path.every((p) => /^[0-9a-f]{64}$/.test(p))) return false;
  let fn = index;
  let sn = size - 1;
  let r = await leafHash(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    const sibling = fromHex(p);
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(r) === root;
}
