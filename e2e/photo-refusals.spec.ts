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
// reports showing it *ditolak* at every pass (sync-state.ts: photoRefusalMarks) — while the others are sent.
// An unknown device is not final (a CouchDB node that has not seen the registration yet): sent again.

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

  it("reports each photo refused for good with the server's reason, sends the rest, and retries an unknown device", async () => {
    const stranger = testDevice(me); // never registered: to a lagging CouchDB node, so is one registered just now
    const [good, tampered, unknown] = await Promise.all([testJpeg(170), testJpeg(210), testJpeg(230)]);
    const authorized = (url: string, init?: RequestInit) =>
      fetch(url, { ...init, headers: { ...(init?.headers as object), authorization: `Bearer ${token}` } });
    const batch = () => [
      candidate(good, photoDocument(me, good, 'r-1', device)),
      // Signed for r-1, sent as r-2's: no later pass can make that signature match.
      candidate(tampered, { ...photoDocument(me, tampered, 'r-1', device), reportId: 'r-2' }),
      candidate(unknown, photoDocument(me, unknown, 'r-1', stranger)),
    ];
    const outcome = await uploadPhotos(`${server.url}/db/photos`, authorized, batch());
    expect(outcome).toMatchObject({ written: 1, refused: 2 });
    // Only the final refusal is reported (and kept by the vault); the unknown device's photo goes again.
    expect(outcome.refusals).toEqual([
      { sha256: tampered.sha256, reason: 'Signature refused: the signature does not match the document.' },
    ]);
    // Sent again, the good one is held already and the refused ones refused again: nothing lost, nothing twice.
    expect(await uploadPhotos(`${server.url}/db/photos`, authorized, batch())).toMatchObject({
      written: 0,
      held: 1,
      refused: 2,
    });
    // Once the device is known, its photo is taken: the earlier refusal was not final.
    expect(await stranger.register(server.url, token)).toBe(201);
    expect(await uploadPhotos(`${server.url}/db/photos`, authorized, batch())).toMatchObject({
      written: 1,
      held: 1,
      refused: 1,
    });
  });
});
