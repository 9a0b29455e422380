// Remote wipe, the device's side (issue 13; the protocol is in docs/device-wipe.md). At each sync the device
// makes a signed contact with the registry (its unsent backlog, and the answer: go on, or wipe). Devices of
// users who are signed out here (an expired session, a disabled account) are asked about by the wipe watcher
// with the same signed contact, without counts (their data is locked). A wipe signs its confirmation with the
// device's key *before* that key is deleted, keeps the signed confirmation (no user data in it) and sends it
// until the server has it: the confirmation needs no key, no session and no user data once it is signed.

import {
  type DeviceContactRequest,
  type DeviceContactResponse,
  type WipeConfirmationRequest,
  type WipeOrder,
  contactStatement,
  wipeConfirmationStatement,
} from '../../../domain/devices';
import type { KeyValueStore } from '../platform/key-value-store';
import type { DeviceSigner } from './device-key/device-key';
import { wipeUserData } from './wipe';

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** Unsent counts; null when the device cannot count (the user's data is locked). */
export interface BacklogCounts {
  reports: number | null;
  photos: number | null;
  oldestAt: string | null;
}

/** A contact the server did not answer with 200: the pass fails and is retried, never remembered. */
export class DeviceContactError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceContactError';
  }
}

async function postJson(fetchFn: FetchFn, url: string, body: unknown): Promise<Response> {
  return fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    // The device's key is the credential: no cookie, no token needed (a disabled account has neither).
    credentials: 'omit',
    cache: 'no-store',
  });
}

/** The signed contact; resolves with the order the device must carry out, or null. Rejects on any failure. */
export async function contactRegistry(opts: {
  fetch: FetchFn;
  server: string;
  signer: DeviceSigner;
  user: string;
  appVersion: string;
  backlog: BacklogCounts;
  now?: () => Date;
}): Promise<WipeOrder | null> {
  const fields: Omit<DeviceContactRequest, 'signature'> = {
    user: opts.user,
    at: (opts.now?.() ?? new Date()).toISOString(),
    appVersion: opts.appVersion,
    ...opts.backlog,
  };
  const signature = await opts.signer.signStatement(contactStatement(opts.signer.deviceId, fields));
  const url = `${opts.server}/api/devices/${encodeURIComponent(opts.signer.deviceId)}/contact`;
  const res = await postJson(opts.fetch, url, { ...fields, signature });
  if (!res.ok) throw new DeviceContactError(res.status, `the registry answered ${res.status} to the contact`);
  const body = (await res.json()) as Partial<DeviceContactResponse>;
  return body.order ?? null;
}

// ---- what this device remembers for the protocol (localStorage; no user data) -------------------------

const KNOWN_USERS = 'tertib.deviceUsers';
const PENDING = 'tertib.wipeConfirmations';
const NOTICE = 'tertib.wipeNotice';

export interface KnownDeviceUser {
  server: string;
  user: string;
}

function readJson<T>(store: KeyValueStore, key: string, fallback: T): T {
  try {
    const raw = store.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable: the watcher then only knows the signed-in user.
  }
}

const sameUser = (a: KnownDeviceUser, b: KnownDeviceUser) => a.server === b.server && a.user === b.user;

/** The (server, user) pairs this device holds a key for, so a signed-out one is still asked about. */
export function knownDeviceUsers(store: KeyValueStore): KnownDeviceUser[] {
  const list = readJson<KnownDeviceUser[]>(store, KNOWN_USERS, []);
  return Array.isArray(list) ? list.filter((u) => typeof u?.server === 'string' && typeof u.user === 'string') : [];
}

export function rememberDeviceUser(store: KeyValueStore, who: KnownDeviceUser): void {
  const list = knownDeviceUsers(store);
  if (!list.some((u) => sameUser(u, who))) writeJson(store, KNOWN_USERS, [...list, who]);
}

export function forgetDeviceUser(store: KeyValueStore, who: KnownDeviceUser): void {
  writeJson(
    store,
    KNOWN_USERS,
    knownDeviceUsers(store).filter((u) => !sameUser(u, who)),
  );
}

interface PendingConfirmation {
  server: string;
  deviceId: string;
  body: WipeConfirmationRequest;
}

/** Why the app shows the wiped screen: kept until the person at the laptop has read it. */
export interface WipeNotice {
  server: string;
  user: string;
  order: WipeOrder;
  wipedAt: string;
  /** The server has the device's confirmation. */
  confirmed: boolean;
}

export function readWipeNotice(store: KeyValueStore): WipeNotice | null {
  const notice = readJson<WipeNotice | null>(store, NOTICE, null);
  return notice && typeof notice.user === 'string' && notice.order ? notice : null;
}

export function dismissWipeNotice(store: KeyValueStore): void {
  try {
    store.removeItem(NOTICE);
  } catch {
    // nothing kept
  }
}

/** One signed confirmation, whatever else is kept beside it (its signature is over the order and the time). */
const confirmationKey = (p: PendingConfirmation): string =>
  `${p.server}\n${p.deviceId}\n${p.body.orderedAt}\n${p.body.signature}`;

function pendingConfirmations(store: KeyValueStore): PendingConfirmation[] {
  const pending = readJson<PendingConfirmation[]>(store, PENDING, []);
  return Array.isArray(pending) ? pending : [];
}

/**
 * Sends every confirmation still waiting; keeps those the server did not take (offline, 5xx, a registry read
 * that has not caught up) for the next try. Returns how many the server has now. The list is read again
 * before it is written and only the confirmations settled here leave it: one a wipe signed while these
 * requests were in flight stays (writing back the list read before the requests would drop it).
 */
export async function sendWipeConfirmations(store: KeyValueStore, fetchFn: FetchFn): Promise<number> {
  const pending = pendingConfirmations(store);
  if (pending.length === 0) return 0;
  const settled = new Set<string>();
  let sent = 0;
  for (const p of pending) {
    const url = `${p.server}/api/devices/${encodeURIComponent(p.deviceId)}/wipe-confirmation`;
    const status = await postJson(fetchFn, url, p.body).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) {
      sent++;
      settled.add(confirmationKey(p));
      const notice = readWipeNotice(store);
      if (notice && notice.server === p.server && notice.user === p.body.user && notice.order.at === p.body.orderedAt)
        writeJson(store, NOTICE, { ...notice, confirmed: true });
    } else if (status !== 0 && status !== 404 && status < 500) {
      // 400/403/409: the server will never take this one (no such order any more); keeping it helps nobody.
      settled.add(confirmationKey(p));
      console.warn(`The server refused a wipe confirmation (${status})`);
    }
  }
  if (settled.size > 0) {
    writeJson(
      store,
      PENDING,
      pendingConfirmations(store).filter((p) => !settled.has(confirmationKey(p))),
    );
  }
  return sent;
}

/**
 * Carries out `order` for (server, user): signs the confirmation while the key still exists and keeps it,
 * notes why (the wiped screen), wipes everything of the user (wipe.ts: the data key first), then sends the
 * confirmation. The user's databases must be closed already (the shell unmounted).
 */
export async function carryOutWipe(opts: {
  store: KeyValueStore;
  fetch: FetchFn;
  server: string;
  user: string;
  order: WipeOrder;
  signer: DeviceSigner | null;
  unsent: { reports: number | null; photos: number | null };
  now?: () => Date;
}): Promise<WipeNotice> {
  const wipedAt = (opts.now?.() ?? new Date()).toISOString();
  if (opts.signer) {
    const fields: Omit<WipeConfirmationRequest, 'signature'> = {
      user: opts.user,
      orderedAt: opts.order.at,
      wipedAt,
      unsentReports: opts.unsent.reports,
      unsentPhotos: opts.unsent.photos,
    };
    const signature = await opts.signer.signStatement(wipeConfirmationStatement(opts.signer.deviceId, fields));
    writeJson(opts.store, PENDING, [
      ...pendingConfirmations(opts.store),
      { server: opts.server, deviceId: opts.signer.deviceId, body: { ...fields, signature } },
    ]);
  }
  const notice: WipeNotice = { server: opts.server, user: opts.user, order: opts.order, wipedAt, confirmed: false };
  writeJson(opts.store, NOTICE, notice);
  await wipeUserData(opts.server, opts.user);
  forgetDeviceUser(opts.store, { server: opts.server, user: opts.user });
  await sendWipeConfirmations(opts.store, opts.fetch);
  return readWipeNotice(opts.store) ?? notice;
}
