import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_PHOTO_FIELDS } from '../domain/evidence/photo-documents';
import { uploadPhotos, type UploadCandidate } from '../renderer/src/data/photos/photo-upload';
import {
  photoDocument,
  testDevice,
  testJpeg,
  type TestDevice,
  type TestPhoto,
} from '../sync-server/test/evidence-fixtures';
import {
  addUsersAndLogIn,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';

// The app's photo upload (renderer/src/data/photos/photo-upload.ts, as the vault runs it) against the real
// gateway, for signed photo documents (issue 11): a photo refused for good comes back with the server's
// reason — the vault keeps it in _local/photo-refusals, never sends it again, and the sync engine marks the
// reports showing it *ditolak* — while the others are sent.

describe('signed photos through the app upload', () => {
  let t: TestEnv;
  let server: TestServer;
  let token: string;
  let me: string;
  let device: TestDevice;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
    ]);
    token = tokens.ani!;
    me = t.userPrefix + 'ani';
    device = testDevice(me);
    expect(await device.register(server.url, token)).toBe(201);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  const candidate = (photo: TestPhoto, doc: Record<string, unknown>): UploadCandidate => ({
    sha256: photo.sha256,
    rev: '1-' + photo.sha256.slice(0, 32),
    bytes: photo.bytes.length,
    width: 64,
    height: 48,
    storedAt: String(doc.storedAt),
    signed: Object.fromEntries(SIGNED_PHOTO_FIELDS.map((k) => [k, String(doc[k])])),
    jpeg: () => Promise.resolve(new Blob([new Uint8Array(photo.bytes)], { type: 'image/jpeg' })),
  });

  it("reports each photo refused for good with the server's reason, and sends the rest", async () => {
    const stranger = testDevice(me); // never registered
    const [good, refused] = await Promise.all([testJpeg(170), testJpeg(210)]);
    const authorized = (url: string, init?: RequestInit) =>
      fetch(url, { ...init, headers: { ...(init?.headers as object), authorization: `Bearer ${token}` } });
    const outcome = await uploadPhotos(`${server.url}/db/photos`, authorized, [
      candidate(good, photoDocument(me, good, 'r-1', device)),
      candidate(refused, photoDocument(me, refused, 'r-1', stranger)),
    ]);
    expect(outcome).toMatchObject({ written: 1, refused: 1 });
    expect(outcome.refusals).toEqual([
      { sha256: refused.sha256, reason: `Signature refused: unknown device "${stranger.id}".` },
    ]);
    // Sent again, the good one is held already and the refused one refused again: nothing lost, nothing twice.
    const again = await uploadPhotos(`${server.url}/db/photos`, authorized, [
      candidate(good, photoDocument(me, good, 'r-1', device)),
      candidate(refused, photoDocument(me, refused, 'r-1', stranger)),
    ]);
    expect(again).toMatchObject({ written: 0, held: 1, refused: 1 });
  });
});
