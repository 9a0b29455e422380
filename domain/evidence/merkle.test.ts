import { describe, expect, it } from 'vitest';
import { inclusionProof, merkleRoot, verifyInclusion } from './merkle';

const leaves = (n: number) => Array.from({ length: n }, (_v, i) => `receipt-${i}`);

describe('RFC 6962 Merkle tree', () => {
  it('proves every leaf of trees of every size up to 17, and nothing else', async () => {
    for (let n = 1; n <= 17; n++) {
      const all = leaves(n);
      const root = await merkleRoot(all);
      for (let i = 0; i < n; i++) {
        const path = await inclusionProof(all, i);
        expect(await verifyInclusion(all[i]!, i, n, path, root), `${i} of ${n}`).toBe(true);
        expect(await verifyInclusion('forged', i, n, path, root)).toBe(false);
        if (n > 1) expect(await verifyInclusion(all[i]!, (i + 1) % n, n, path, root)).toBe(false);
      }
    }
  });

  it('changes its root when any leaf changes, is added, removed or moved', async () => {
    const root = await merkleRoot(leaves(5));
    expect(await merkleRoot([...leaves(5).slice(0, 4), 'x'])).not.toBe(root);
    expect(await merkleRoot(leaves(6))).not.toBe(root);
    expect(await merkleRoot(leaves(4))).not.toBe(root);
    const moved = leaves(5);
    [moved[0], moved[1]] = [moved[1]!, moved[0]!];
    expect(await merkleRoot(moved)).not.toBe(root);
  });

  it('matches the RFC 6962 empty-tree hash', async () => {
    expect(await merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
