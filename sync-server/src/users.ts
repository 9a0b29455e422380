import crypto from 'node:crypto';
import type { SessionUser } from '../../domain/api';
import {
  couchRolesFor,
  isRole,
  validatePassword,
  validateUser,
  validateUserName,
  type Role,
} from '../../domain/users';
import { type Couch, isConflict, isNotFound } from './couch';
import { burnPasswordCheck, hashPassword, verifyPassword, type PasswordHash } from './passwords';

// Accounts live in CouchDB's `_users` so that CouchDB itself knows each user's roles and checks writes made
// in their name (validate_doc_update sees the real userCtx). The user's own password never reaches CouchDB:
// the gateway verifies it (scrypt, below) and then acts as the user with a credential derived from the
// server secret, HMAC(secret, name) — the same idea as CouchDB's proxy authentication, but portable to the
// embedded backend and to any CouchDB 3 without changing its authentication handlers.

const USER_PREFIX = 'org.couchdb.user:';

export interface UserRecord extends SessionUser {
  disabled: boolean;
}

interface TertibUserFields {
  role: Role;
  team: string | null;
  region: string | null;
  disabled: boolean;
  passwordHash: PasswordHash;
  createdAt: string;
  updatedAt: string;
}

interface CouchUserDoc {
  _id: string;
  _rev?: string;
  name: string;
  type: 'user';
  roles: string[];
  password?: string;
  tertib?: TertibUserFields;
}

export class UserError extends Error {
  constructor(
    public readonly code: 'bad_request' | 'conflict' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface NewUser {
  name: string;
  password: string;
  role: Role;
  team: string | null;
  region: string | null;
}

export type VerifyResult = { ok: true; user: UserRecord } | { ok: false; reason: 'invalid' | 'disabled' };

function toRecord(doc: CouchUserDoc): UserRecord | null {
  const t = doc.tertib;
  if (!t || !isRole(t.role)) return null; // a `_users` entry Tertib did not make (e.g. another app's)
  return { name: doc.name, role: t.role, team: t.team, region: t.region, disabled: t.disabled };
}

export class UserStore {
  private readonly users;

  constructor(
    couch: Couch,
    private readonly secret: string,
  ) {
    this.users = couch.use<CouchUserDoc>('_users');
  }

  /** The password the gateway uses towards CouchDB when acting as `name`. */
  backendPassword(name: string): string {
    return crypto.createHmac('sha256', this.secret).update(`couch-credential:${name}`).digest('base64url');
  }

  private async getDoc(name: string): Promise<CouchUserDoc | null> {
    try {
      return await this.users.get(USER_PREFIX + name);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(name: string): Promise<UserRecord | null> {
    const doc = await this.getDoc(name);
    return doc ? toRecord(doc) : null;
  }

  async add(input: NewUser): Promise<UserRecord> {
    const pwCheck = validatePassword(input.password);
    if (!pwCheck.ok) throw new UserError('bad_request', pwCheck.errors.join('; '));
    const blank = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim());
    const checked = validateUser({
      name: input.name,
      role: input.role,
      team: blank(input.team),
      region: blank(input.region),
      disabled: false,
    });
    if (!checked.ok) throw new UserError('bad_request', checked.errors.join('; '));
    const { team, region } = checked.value;
    const now = new Date().toISOString();
    const doc: CouchUserDoc = {
      _id: USER_PREFIX + input.name,
      name: input.name,
      type: 'user',
      roles: couchRolesFor({ role: input.role, team, region }),
      password: this.backendPassword(input.name),
      tertib: {
        role: input.role,
        team,
        region,
        disabled: false,
        passwordHash: await hashPassword(input.password),
        createdAt: now,
        updatedAt: now,
      },
    };
    try {
      await this.users.insert(doc);
    } catch (err) {
      if (isConflict(err)) throw new UserError('conflict', `user "${input.name}" exists already`);
      throw err;
    }
    return { name: input.name, role: input.role, team, region, disabled: false };
  }

  async list(): Promise<UserRecord[]> {
    const res = await this.users.list({
      include_docs: true,
      startkey: USER_PREFIX,
      endkey: USER_PREFIX + '\ufff0',
    });
    return res.rows
      .map((row) => (row.doc ? toRecord(row.doc) : null))
      .filter((u): u is UserRecord => u !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Disabling removes the user's CouchDB roles too, so even a leaked backend credential can write nothing. */
  async disable(name: string): Promise<UserRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.getDoc(name);
      const record = doc ? toRecord(doc) : null;
      if (!doc || !doc.tertib || !record) throw new UserError('not_found', `no user "${name}"`);
      if (doc.tertib.disabled) return record;
      const updated: CouchUserDoc = {
        ...doc,
        roles: [],
        tertib: { ...doc.tertib, disabled: true, updatedAt: new Date().toISOString() },
      };
      try {
        await this.users.insert(updated);
        return { ...record, disabled: true };
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(`could not disable "${name}": the user document keeps changing`);
  }

  async verify(name: string, password: string): Promise<VerifyResult> {
    const doc = validateUserName(name).ok ? await this.getDoc(name) : null;
    const record = doc ? toRecord(doc) : null;
    if (!doc?.tertib || !record) {
      await burnPasswordCheck(password);
      return { ok: false, reason: 'invalid' };
    }
    if (!(await verifyPassword(password, doc.tertib.passwordHash))) return { ok: false, reason: 'invalid' };
    // Only after the right password do we say the account is disabled: otherwise the answer would tell a
    // stranger which names exist.
    if (record.disabled) return { ok: false, reason: 'disabled' };
    return { ok: true, user: record };
  }
}
