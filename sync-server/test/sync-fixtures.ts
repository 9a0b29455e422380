import crypto from 'node:crypto';

// Documents as the app makes them, for the sync tests.

export function reportDoc(
  author: string,
  team: string | null,
  region: string | null,
  extra: Record<string, unknown> = {},
) {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  return {
    id,
    type: 'report' as const,
    categoryId: 'pkl-trotoar',
    description: `Pedagang kaki lima menutup trotoar (${id.slice(0, 8)}).`,
    location: { lat: -6.1754, lng: 106.8272, accuracyM: 12, source: 'device', fixedAt: now },
    capturedAt: now,
    createdAt: now,
    photos: [
      {
        sha256: crypto.createHash('sha256').update(id).digest('hex'),
        bytes: 1000,
        width: 1920,
        height: 1440,
      },
    ],
    author,
    team,
    region,
    deviceId: 'device-test',
    appVersion: '0.1.0',
    schemaVersion: 1,
    ...extra,
  };
}

export function eventDoc(
  kind: string,
  actor: string,
  actorRole: string,
  report: { id: string; author: string; team: string | null; region: string | null },
  extra: Record<string, unknown> = {},
) {
  return {
    id: crypto.randomUUID(),
    type: 'event' as const,
    kind,
    reportId: report.id,
    actor,
    actorRole,
    at: new Date().toISOString(),
    reportAuthor: report.author,
    reportTeam: report.team,
    reportRegion: report.region,
    ...extra,
  };
}

/** A minimal RxDB schema for reports; the app's full one lives in renderer/src/data/db/schemas.ts. */
export const reportSchemaForTests = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    type: { type: 'string' },
    author: { type: 'string' },
    createdAt: { type: 'string' },
  },
  required: ['id', 'type', 'author'],
} as const;

/** A PouchDB handle on a gateway database that authenticates with a bearer token (as the app's vault does). */
export function bearerRemote<T>(
  Pouch: {
    new (name: string, opts?: Record<string, unknown>): T;
    fetch: (url: string, opts: { headers: { set(k: string, v: string): void } }) => Promise<unknown>;
  },
  url: string,
  token: string,
): T {
  return new Pouch(url, {
    skip_setup: true,
    fetch: (u: string, opts: { headers: { set(k: string, v: string): void } }) => {
      opts.headers.set('Authorization', `Bearer ${token}`);
      return Pouch.fetch(u, opts);
    },
  });
}

/** Bytes that pass the gateway's JPEG signature check, distinct per seed (no image library needed). */
export function fakeJpeg(seed: string, size = 50_000): Buffer {
  const body = crypto.createHash('sha512').update(seed).digest();
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = body[i % body.length]! ^ (i & 0xff);
  buf[0] = 0xff;
  buf[1] = 0xd8;
  buf[2] = 0xff;
  return buf;
}

/** A vault photo document as the app makes it, the JPEG inline; `claimedSha` lies about the bytes. */
export function photoDoc(author: string, bytes: Buffer, claimedSha?: string) {
  const sha256 = claimedSha ?? crypto.createHash('sha256').update(bytes).digest('hex');
  return {
    _id: `photo:${sha256}`,
    type: 'photo',
    sha256,
    bytes: bytes.length,
    width: 1920,
    height: 1440,
    contentType: 'image/jpeg',
    author,
    storedAt: new Date().toISOString(),
    _attachments: {
      'photo.jpg': { content_type: 'image/jpeg', data: bytes.toString('base64') },
      'thumb.jpg': { content_type: 'image/jpeg', data: bytes.subarray(0, 2000).toString('base64') },
    },
  };
}
