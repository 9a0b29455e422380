// Full-size photos for the printed case report. Unlike the screens' `useRemotePhoto`, which keeps retrying
// for minutes (a report syncs before its photos), a print must settle: a few attempts, then the photo is
// printed as missing — with its hash, so the gap is visible and the file can still be matched later.
// Each loaded photo is hashed again here, so the page says whether the bytes it prints are the ones the
// report names.

import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import type { PhotoVault } from './contracts';
import { sha256Hex } from './photos/sha256';
import { useDataKey } from './keys/data-key-context';
import { loadPhoto } from './remote-photos';

export type PrintPhoto =
  | { state: 'loading' }
  | { state: 'loaded'; url: string; hashMatches: boolean }
  | { state: 'missing' };

const ATTEMPTS = 3;
const RETRY_MS = 1500;

export function usePrintPhoto(client: ApiClient | null, vault: PhotoVault, sha256: string): PrintPhoto {
  const key = useDataKey();
  const [result, setResult] = useState<{ sha256: string; photo: PrintPhoto } | null>(null);
  useEffect(() => {
    let active = true;
    let url: string | null = null;
    const settle = (photo: PrintPhoto) => {
      if (active) setResult({ sha256, photo });
    };
    void (async () => {
      for (let attempt = 0; attempt < ATTEMPTS && active; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_MS * attempt));
        const blob =
          client === null
            ? await vault.getPhoto(sha256).catch(() => null)
            : await loadPhoto(client, vault, sha256, 'photo', key).catch(() => null);
        if (blob === null || !active) continue;
        const hashMatches = (await sha256Hex(await blob.arrayBuffer())) === sha256;
        if (!active) return;
        url = URL.createObjectURL(blob);
        settle({ state: 'loaded', url, hashMatches });
        return;
      }
      settle({ state: 'missing' });
    })();
    return () => {
      active = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [client, vault, sha256, key]);
  return result !== null && result.sha256 === sha256 ? result.photo : { state: 'loading' };
}
