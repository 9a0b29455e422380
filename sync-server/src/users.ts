import crypto from 'node:crypto';
import type { SessionUser } from '../../domain/api';
import { couchUserName, tertibUserName } from '../../domain/deployment-names';
import {
  couchRolesFor,
  isRole,
  userContextFromCouch,
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
//
// Trust: a user's role, team and region come only from the document's `roles`, which CouchDB lets server
// admins alone set (a user may edit the rest of their own document). The `tertib` field holds the password
// hash and bookkeeping; its role/team/region copy is shown for disabled accounts (whose roles are emptied)
// and never decides anything. Account names are scoped to the deployment (domain/deployment-names.ts):
// `_users` is shared by every database prefix on one CouchDB.

export const USER_DOC_PREFIX = 'org.couchdb.user:';
const USER_PREFIX = USER_DOC_PREFIX;

export interface UserRecord extends SessionUser {
  disabled: boolean;
}

interface TertibUserFields {
  /** Display only (see above): what the account was when it was made. */
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

/**
 * The account as Tertib sees it: active with exactly what `roles` says, disabled when `roles` carries no
 * Tertib role (disable() empties them), or null for an entry Tertib did not make.
 */
function toRecord(doc: CouchUserDoc, name: string): UserRecord | null {
  const t = doc.tertib;
  if (!t || typeof t !== 'object' || !t.passwordHash) return null;
  const roles = Array.isArray(doc.roles) ? doc.roles : [];
  const ctx = userContextFromCouch(name, roles);
  if (ctx) return { ...ctx, disabled: false };
  if (roles.length > 0 || !t.disabled || !isRole(t.role)) return null; // malformed: grant nothing
  return { name, role: t.role, team: t.team ?? null, region: t.region ?? null, disabled: true };
}

/** What the backend says of the credential the gateway uses for an account. */
export type CredentialCheck = 'ok' | 'repaired';

export class BackendCredentialError extends Error {}

export class UserStore {
  private readonly users;
  private readonly repairs = new Map<string, Promise<CredentialCheck>>();

  constructor(
    private readonly couch: Couch,
    private readonly secret: string,
    /** TERTIB_DB_PREFIX: which deployment's accounts these are. */
    private readonly prefix = '',
  ) {
    this.users = couch.use<CouchUserDoc>('_users');
  }

  /** The account's name in CouchDB (`petugas1@kota1_` for prefix `kota1_`). */
  couchName(name: string): string {
    return couchUserName(name, this.prefix);
  }

  /** The password the gateway uses towards CouchDB when acting as `name`. */
  backendPassword(name: string): string {
    return crypto
      .createHmac('sha256', this.secret)
      .update(`couch-credential:${this.couchName(name)}`)
      .digest('base64url');
  }

  private async getDoc(name: string): Promise<CouchUserDoc | null> {
    try {
      return await this.users.get(USER_PREFIX + this.couchName(name));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(name: string): Promise<UserRecord | null> {
    if (!validateUserName(name).ok) return null;
    const doc = await this.getDoc(name);
    return doc ? toRecord(doc, name) : null;
  }

  /** Does the backend accept the gateway's credential for this account? */
  private async backendAccepts(name: string): Promise<boolean> {
    // Plain fetch, not nano: nano would put the admin's credentials from its URL on the request.
    const url = new URL(this.couch.config.url);
    url.username = '';
    url.password = '';
    url.pathname = url.pathname.replace(/\/?$/, '/_session');
    const basic = Buffer.from(`${this.couchName(name)}:${this.backendPassword(name)}`).toString('base64');
    const res = await fetch(url, {
      headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
    });
    if (res.status === 401) {
      await res.body?.cancel();
      return false;
    }
    const body = (await res.json().catch(() => null)) as { userCtx?: { name?: unknown } } | null;
    if (!res.ok) throw new Error(`the database answered ${res.status} to a credential check`);
    return body?.userCtx?.name === this.couchName(name);
  }

  /**
   * Makes sure the backend accepts the credential the gateway derives for an active account, rewriting it
   * when it does not: the server secret changed (a restored DATA_DIR or config database) or the account was
   * made elsewhere. Called when the backend refuses a request made for a user with a live session
   * (sync/backend-http.ts), so it repairs what a sync would otherwise fail on, at the moment it matters.
   * Throws BackendCredentialError when the backend still refuses it, so the caller can say what is wrong
   * instead of letting every sync fail.
   */
  ensureBackendCredential(name: string): Promise<CredentialCheck> {
    // One repair per account at a time: a burst of sync requests refused together triggers one rewrite.
    const running = this.repairs.get(name);
    if (running) return running;
    const repair = this.repairCredential(name).finally(() => this.repairs.delete(name));
    this.repairs.set(name, repair);
    return repair;
  }

  private async repairCredential(name: string): Promise<CredentialCheck> {
    if (await this.backendAccepts(name)) return 'ok';
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.getDoc(name);
      const record = doc ? toRecord(doc, name) : null;
      if (!doc || !record || record.disabled) throw new BackendCredentialError(`no active account "${name}"`);
      try {
        await this.users.insert({ ...doc, password: this.backendPassword(name) });
        break;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    // A cluster may answer the next read from a node that has not seen the write yet.
    for (let wait = 50; wait <= 1600; wait *= 2) {
      if (await this.backendAccepts(name)) return 'repaired';
      await new Promise((r) => setTimeout(r, wait));
    }
    throw new BackendCredentialError(
      `the database refuses the server's credential for "${name}" even after it was rewritten`,
    );
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
      _id: USER_PREFIX + this.couchName(input.name),
      name: this.couchName(input.name),
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
      .map((row) => {
        const name = row.doc ? tertibUserName(row.doc.name, this.prefix) : null;
        return row.doc && name !== null ? toRecord(row.doc, name) : null;
      })
      .filter((u): u is UserRecord => u !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Disabling removes the user's CouchDB roles too, so even a leaked backend credential can write nothing. */
  async disable(name: string): Promise<UserRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = validateUserName(name).ok ? await this.getDoc(name) : null;
      const record = doc ? toRecord(doc, name) : null;
      if (!doc || !doc.tertib || !record) throw new UserError('not_found', `no user "${name}"`);
      if (record.disabled) return record;
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
    const record = doc ? toRecord(doc, name) : null;
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
