// The vault's upload to the gateway without base64 (issue 10; the server side is
// sync-server/src/sync/photo-upload.ts): ask which photos the server already holds for this user, then PUT
// each missing one as its raw JPEG bytes. One photo per request, so a cut upload resumes at the next photo
// (the next pass asks again); nothing here depends on PouchDB, so the bench drives the same code in Node.

/** A photo the device wants the server to hold: what the server's photo document needs, and the bytes. */
export interface UploadCandidate {
  sha256: string;
  /** The vault document's revision: the server stores the photo under the same one. */
  rev: string;
  bytes: number;
  width: number;
  height: number;
  storedAt: string;
  /** The signed photo document's own fields (issue 11: signature, deviceId, reportId, …), sent as they are. */
  signed?: Record<string, string>;
  /** The JPEG, read only when it must be sent. */
  jpeg(): Promise<Blob>;
}

export interface UploadOutcome {
  /** Photos the server took in this pass. */
  written: number;
  /** Photos it refused (bytes that do not match, not ours): not sent again in this pass. */
  refused: number;
  /** Photos it said it held already, so they were not sent. */
  held: number;
  /**
   * The photos it refused for good (400, 403: bytes or signature that will not do), with its reason; not one
   * the server may take at a later pass (`isRetryableRefusal`).
   */
  refusals: Array<{ sha256: string; reason: string }>;
}

export type UploadFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Four photos in flight: on a slow link the next request goes out while an answer is on its way back, so the
 * uplink never idles for a round trip; on a fast one the gateway combines uploads that arrive together into
 * one backend write (sync-server photo-upload.ts). Measured on loopback, 20 photos of 300 KB: 1 in flight
 * ~1.6 s, 2 ~1.8 s, 4 ~0.9–1.4 s (a loaded 2-core machine); on 3g the uplink decides either way.
 */
export const UPLOADS_IN_FLIGHT = 4;
/** The gateway answers at most this many sha256 per `_held` question. */
const HELD_PAGE = 1000;

/**
 * A refusal that a later pass may not repeat: the gateway does not know the signing device (signature-check.ts
 * "unknown device") when the CouchDB node it read has not yet seen the device's registration. Every other 400
 * and 403 (bad signature or bytes, a revoked device, another account's device, unsigned from a signing app)
 * cannot change by sending again and is kept as final.
 */
export function isRetryableRefusal(reason: string): boolean {
  return /^Signature refused: unknown device\b/.test(reason);
}

async function reasonOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { reason?: unknown };
    return typeof body.reason === 'string' ? body.reason : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

/** The sha256 among `sha256s` the server holds for this user already. */
export async function heldOnServer(
  photosUrl: string,
  fetch: UploadFetch,
  sha256s: readonly string[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const held = new Set<string>();
  for (let i = 0; i < sha256s.length; i += HELD_PAGE) {
    const res = await fetch(`${photosUrl}/_held`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sha256: sha256s.slice(i, i + HELD_PAGE) }),
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) throw new Error(`asking which photos the server holds: ${res.status} ${await reasonOf(res)}`);
    const body = (await res.json()) as { held?: unknown };
    if (Array.isArray(body.held)) for (const sha of body.held) if (typeof sha === 'string') held.add(sha);
  }
  return held;
}

/**
 * Sends the candidates the server lacks. A network failure rejects (the caller retries later, and the next
 * pass skips whatever the server took meanwhile); a refused photo is counted and the rest go on.
 */
export async function uploadPhotos(
  photosUrl: string,
  fetch: UploadFetch,
  candidates: readonly UploadCandidate[],
  options: { signal?: AbortSignal; onWritten?: (written: number) => void; inFlight?: number } = {},
): Promise<UploadOutcome> {
  const { signal, onWritten } = options;
  const outcome: UploadOutcome = { written: 0, refused: 0, held: 0, refusals: [] };
  if (candidates.length === 0) return outcome;
  const held = await heldOnServer(
    photosUrl,
    fetch,
    candidates.map((c) => c.sha256),
    signal,
  );
  const queue = candidates.filter((c) => !held.has(c.sha256));
  outcome.held = candidates.length - queue.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      signal?.throwIfAborted();
      const photo = queue[next++]!;
      const qs = new URLSearchParams({
        rev: photo.rev,
        bytes: String(photo.bytes),
        width: String(photo.width),
        height: String(photo.height),
        storedAt: photo.storedAt,
        ...photo.signed,
      });
      const res = await fetch(`${photosUrl}/photo:${photo.sha256}/photo.jpg?${qs}`, {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg' },
        body: await photo.jpeg(),
        ...(signal ? { signal } : {}),
      });
      if (res.ok) {
        await res.body?.cancel();
        outcome.written++;
        onWritten?.(outcome.written);
      } else {
        // 4xx: these bytes will not do (the sync fetch turns 401 and 5xx into errors before this).
        const reason = await reasonOf(res);
        console.warn(`The server refused photo ${photo.sha256}: ${reason}`);
        outcome.refused++;
        if ((res.status === 400 || res.status === 403) && !isRetryableRefusal(reason)) {
          outcome.refusals.push({ sha256: photo.sha256, reason });
        }
      }
    }
  };
  const inFlight = Math.max(1, Math.min(options.inFlight ?? UPLOADS_IN_FLIGHT, queue.length));
  await Promise.all(Array.from({ length: inFlight }, worker));
  return outcome;
}
