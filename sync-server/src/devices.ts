import crypto from 'node:crypto';
import {
  type DeviceBacklog,
  type DeviceContactRequest,
  type DeviceFilter,
  type DeviceRecord,
  type WipeConfirmationRequest,
  type WipeMode,
  type WipeOrder,
  contactStatement,
  deviceMatches,
  wipeConfirmationStatement,
  type RegisterDeviceRequest,
  REVOKE_REASON_MAX,
  SIGNATURE_ALGORITHM,
  cleanLabel,
  isDeviceId,
  registrationStatement,
} from '../../domain/devices';
import { type Couch, isConflict, isNotFound } from './couch';

// The device registry: one document per device signing key, in an admin-only database (`tertib_devices`),
// written only by the gateway. Clients never replicate it; they register through `POST /api/devices` and
// administrators read and revoke through `/api/devices` or `tertib-server device …`.
//
// Reads that decide whether a signed document is accepted always go to the database (`getMany`, one request
// per `_bulk_docs`), never to a cache: a revocation made on another sync-server, or a registration a moment
// ago on a CouchDB cluster node that has not caught up, must be seen at the next request (DESIGN.md).

export const DEVICE_DOC_PREFIX = 'device:';

interface DeviceDoc extends DeviceRecord {
  _id: string;
  _rev?: string;
  type: 'device';
}

export class DeviceError extends Error {
  constructor(
    public readonly code: 'bad_request' | 'conflict' | 'not_found' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

/** A device's public key (raw, base64url) as a Node key object; null when Node cannot read it. */
export function ed25519PublicKey(publicKey: string): crypto.KeyObject | null {
  try {
    return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** Does `signature` (base64url) by `publicKey` hold over `data`? False for junk keys and signatures. */
export function verifyEd25519(publicKey: string, data: Uint8Array, signature: string): boolean {
  const key = ed25519PublicKey(publicKey);
  if (!key) return false;
  try {
    return crypto.verify(null, data, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function toRecord(doc: DeviceDoc): DeviceRecord {
  return {
    id: doc.id,
    user: doc.user,
    algorithm: SIGNATURE_ALGORITHM,
    publicKey: doc.publicKey,
    name: doc.name,
    appVersion: doc.appVersion,
    firstContact: doc.firstContact,
    lastContact: doc.lastContact,
    revoked: doc.revoked ?? null,
    backlog: doc.backlog ?? null,
    wipe: doc.wipe ?? null,
    wipeConfirmed: doc.wipeConfirmed ?? null,
  };
}

/** What a device may report about itself when it makes contact (issue 13 adds to it). */
export interface DeviceContact {
  appVersion?: string;
  name?: string;
  backlog?: DeviceBacklog;
}

const WRITE_ATTEMPTS = 5;
/** A kept backlog stamped further ahead of the server's clock than this came from a fast device clock. */
const FUTURE_CONTACT_MS = 10 * 60_000;

export class DeviceStore {
  private readonly db;

  constructor(
    couch: Couch,
    dbName: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = couch.use<DeviceDoc>(dbName);
  }

  private async load(id: string): Promise<DeviceDoc | null> {
    if (!isDeviceId(id)) return null;
    try {
      return await this.db.get(DEVICE_DOC_PREFIX + id);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(id: string): Promise<DeviceRecord | null> {
    const doc = await this.load(id);
    return doc ? toRecord(doc) : null;
  }

  /** The records of these ids in one request; ids the registry does not know are absent from the map. */
  async getMany(ids: Iterable<string>): Promise<Map<string, DeviceRecord>> {
    const keys = [...new Set(ids)].filter(isDeviceId).map((id) => DEVICE_DOC_PREFIX + id);
    const found = new Map<string, DeviceRecord>();
    if (keys.length === 0) return found;
    const res = await this.db.fetch({ keys });
    for (const row of res.rows) {
      if ('doc' in row && row.doc) found.set(row.doc.id, toRecord(row.doc));
    }
    return found;
  }

  async list(filter: { user?: string } & DeviceFilter = {}): Promise<DeviceRecord[]> {
    const res = await this.db.list({
      include_docs: true,
      startkey: DEVICE_DOC_PREFIX,
      endkey: `${DEVICE_DOC_PREFIX}\ufff0`,
    });
    const all = res.rows.flatMap((row) => (row.doc && row.doc.type === 'device' ? [toRecord(row.doc)] : []));
    return all
      .filter((d) => filter.user === undefined || d.user === filter.user)
      .filter((d) => deviceMatches(d, filter, this.now()))
      .sort((a, b) => a.user.localeCompare(b.user) || b.lastContact.localeCompare(a.lastContact));
  }

  /**
   * Registers `user`'s key on a device, or refreshes a known registration (same user, same key): last
   * contact, name and app version. A device id belongs to one user and one key for good: a different user or
   * key under a known id is a conflict (the app makes a new id with each new key), and a revoked device
   * stays revoked.
   */
  async register(
    user: string,
    req: RegisterDeviceRequest,
  ): Promise<{ device: DeviceRecord; created: boolean }> {
    const statement = Buffer.from(registrationStatement(req.id, user, req.publicKey), 'utf8');
    if (!verifyEd25519(req.publicKey, statement, req.proof))
      throw new DeviceError('bad_request', 'proof is not a signature of the registration by this key.');
    for (let attempt = 0; ; attempt++) {
      const at = this.now().toISOString();
      const existing = await this.load(req.id);
      try {
        if (!existing) {
          const doc: DeviceDoc = {
            _id: DEVICE_DOC_PREFIX + req.id,
            type: 'device',
            id: req.id,
            user,
            algorithm: SIGNATURE_ALGORITHM,
            publicKey: req.publicKey,
            name: req.name,
            appVersion: req.appVersion,
            firstContact: at,
            lastContact: at,
            revoked: null,
            backlog: null,
            wipe: null,
            wipeConfirmed: null,
          };
          await this.db.insert(doc);
          return { device: toRecord(doc), created: true };
        }
        if (existing.user !== user || existing.publicKey !== req.publicKey)
          throw new DeviceError('conflict', 'This device id is registered with another account or key.');
        if (existing.revoked)
          throw new DeviceError('forbidden', `This device was revoked: ${existing.revoked.reason}`);
        const doc = { ...existing, name: req.name, appVersion: req.appVersion, lastContact: at };
        await this.db.insert(doc);
        return { device: toRecord(doc), created: false };
      } catch (err) {
        if (!isConflict(err) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  }

  /** Records that the device made contact (and what it said of itself). Revoked devices are left as they are. */
  async contact(id: string, what: DeviceContact = {}): Promise<DeviceRecord | null> {
    return this.update(id, (doc) => {
      if (doc.revoked) return null;
      return {
        ...doc,
        ...(what.appVersion ? { appVersion: what.appVersion } : {}),
        ...(what.name ? { name: what.name } : {}),
        ...(what.backlog ? { backlog: what.backlog } : {}),
        lastContact: this.now().toISOString(),
      };
    });
  }

  /** Revokes a device: from now on the gateway refuses what it signs. Revoking twice keeps the first record. */
  async revoke(id: string, by: string, reason: string): Promise<DeviceRecord> {
    const text = cleanLabel(reason, REVOKE_REASON_MAX);
    if (text === null)
      throw new DeviceError('bad_request', `Give a reason of 1 to ${REVOKE_REASON_MAX} characters.`);
    const updated = await this.update(id, (doc) => {
      if (doc.revoked) return null;
      const at = this.now().toISOString();
      // A revoked device is a lost one: it wipes at its next contact and sends nothing more (issue 13). A
      // hand-over not yet carried out hardens to lost (same order time, so a confirmation still matches it).
      const wipe: WipeOrder = doc.wipe
        ? { ...doc.wipe, mode: 'lost' }
        : { at, by, mode: 'lost', reason: text, cause: 'order' };
      return { ...doc, revoked: { at, by, reason: text }, wipe };
    });
    if (updated) return updated;
    const current = await this.get(id);
    if (!current) throw new DeviceError('not_found', `No device ${id}.`);
    return current;
  }

  /**
   * Orders a device to wipe what it holds for its user (issue 13). `lost` revokes it at once (the gateway
   * refuses what it signs from now on); `handover` leaves its key valid so it can send what it holds first,
   * and revokes it when the device confirms. The first order stands; a `lost` order after a `handover` one
   * is the one exception (the handed-over laptop went missing before it wiped): it hardens the order.
   */
  async orderWipe(id: string, by: string, mode: WipeMode, reason: string): Promise<DeviceRecord> {
    const text = cleanLabel(reason, REVOKE_REASON_MAX);
    if (text === null)
      throw new DeviceError('bad_request', `Give a reason of 1 to ${REVOKE_REASON_MAX} characters.`);
    if (mode === 'lost')
      return this.revoke(id, by, text).then(async (d) => {
        if (d.wipe?.mode === 'lost') return d;
        const hardened = await this.update(id, (doc) =>
          doc.wipe && doc.wipe.mode !== 'lost' && !doc.wipeConfirmed
            ? { ...doc, wipe: { ...doc.wipe, mode: 'lost' } }
            : null,
        );
        return hardened ?? d;
      });
    const updated = await this.update(id, (doc) =>
      doc.wipe || doc.revoked
        ? null
        : { ...doc, wipe: { at: this.now().toISOString(), by, mode, reason: text, cause: 'order' } },
    );
    if (updated) return updated;
    const current = await this.get(id);
    if (!current) throw new DeviceError('not_found', `No device ${id}.`);
    return current;
  }

  /**
   * A device's signed contact (issue 13): checks the signature against the registered key, keeps its backlog
   * (unless an older contact arrives late), and answers the order the device must carry out, if any. A device
   * of a disabled account gets a `lost` order here, recorded like any other. `accountActive` is asked every
   * time, never remembered (a disabled account must be seen at the next contact).
   */
  async signedContact(
    id: string,
    c: DeviceContactRequest,
    accountActive: (user: string) => Promise<boolean>,
  ): Promise<{ device: DeviceRecord; order: WipeOrder | null; ordered: boolean; withdrawn: boolean }> {
    const doc = await this.load(id);
    // An unknown device, or one of another user, looks the same: the device registers (again) and retries.
    if (!doc || doc.user !== c.user) throw new DeviceError('not_found', `No device ${id}.`);
    const statement = Buffer.from(contactStatement(id, c), 'utf8');
    if (!verifyEd25519(doc.publicKey, statement, c.signature))
      throw new DeviceError('forbidden', 'The contact is not signed by this device.');
    // The account is asked while no order stands, and while an order made for a disabled account is not yet
    // carried out: an account enabled again (a suspension lifted, a mistake undone) withdraws that order.
    const recheck = !doc.wipe || (doc.wipe.cause === 'account-disabled' && !doc.wipeConfirmed);
    const active = recheck ? await accountActive(doc.user) : true;
    let ordered = false;
    let withdrawn = false;
    const device = await this.update(id, (current) => {
      ordered = false;
      withdrawn = false;
      const now = this.now();
      const next: DeviceDoc = { ...current, lastContact: now.toISOString(), appVersion: c.appVersion };
      // Counts are null from a device whose data is locked (signed out): it says nothing about its backlog.
      // A late contact (signed earlier) does not roll the counts back, unless the kept ones claim a time
      // ahead of the server's clock (a device clock hours fast would otherwise freeze them).
      const kept = current.backlog;
      if (
        c.reports !== null &&
        c.photos !== null &&
        (!kept || kept.reportedAt < c.at || Date.parse(kept.reportedAt) > now.getTime() + FUTURE_CONTACT_MS)
      ) {
        next.backlog = { reports: c.reports, photos: c.photos, oldestAt: c.oldestAt, reportedAt: c.at };
      }
      if (current.wipe?.cause === 'account-disabled' && !current.wipeConfirmed && active) {
        withdrawn = true;
        next.wipe = null;
      } else if (!current.wipe && !active) {
        ordered = true;
        next.wipe = {
          at: this.now().toISOString(),
          by: 'system',
          mode: 'lost',
          reason: 'account disabled',
          cause: 'account-disabled',
        };
      }
      return next;
    });
    const record = device ?? (await this.get(id));
    if (!record) throw new DeviceError('not_found', `No device ${id}.`);
    return { device: record, order: record.wipe, ordered, withdrawn };
  }

  /**
   * The device's confirmation that it wiped (issue 13), checked against its registered key (it signs before
   * deleting that key). The first confirmation of the current order is kept; a repeat answers the same. A
   * handed-over device is revoked now: its key will sign nothing more.
   */
  async confirmWipe(
    id: string,
    c: WipeConfirmationRequest,
  ): Promise<{ device: DeviceRecord; first: boolean }> {
    const doc = await this.load(id);
    if (!doc || doc.user !== c.user) throw new DeviceError('not_found', `No device ${id}.`);
    const statement = Buffer.from(wipeConfirmationStatement(id, c), 'utf8');
    if (!verifyEd25519(doc.publicKey, statement, c.signature))
      throw new DeviceError('forbidden', 'The confirmation is not signed by this device.');
    // No order yet is 404, which the device retries: a cluster node may not see the order it was told of.
    if (!doc.wipe) throw new DeviceError('not_found', 'No wipe is ordered for this device (yet).');
    if (doc.wipe.at !== c.orderedAt)
      throw new DeviceError('conflict', 'No such wipe was ordered for this device.');
    let first = false;
    const device = await this.update(id, (current) => {
      if (current.wipeConfirmed || !current.wipe) return null;
      first = true;
      const receivedAt = this.now().toISOString();
      return {
        ...current,
        wipeConfirmed: {
          receivedAt,
          wipedAt: c.wipedAt,
          unsentReports: c.unsentReports,
          unsentPhotos: c.unsentPhotos,
        },
        revoked: current.revoked ?? {
          at: receivedAt,
          by: current.wipe.by,
          reason: `${current.wipe.reason} (${current.wipe.mode}, wiped)`,
        },
      };
    });
    const record = device ?? (await this.get(id));
    if (!record) throw new DeviceError('not_found', `No device ${id}.`);
    return { device: record, first };
  }

  /** Read, change, write, retried on a conflict; `change` returns null to leave the document alone. */
  private async update(
    id: string,
    change: (doc: DeviceDoc) => DeviceDoc | null,
  ): Promise<DeviceRecord | null> {
    for (let attempt = 0; ; attempt++) {
      const doc = await this.load(id);
      if (!doc) throw new DeviceError('not_found', `No device ${id}.`);
      const next = change(doc);
      if (!next) return null;
      try {
        await this.db.insert(next);
        return toRecord(next);
      } catch (err) {
        if (!isConflict(err) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  }
}
