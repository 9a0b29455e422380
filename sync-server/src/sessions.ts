import crypto from 'node:crypto';
import { type Couch, isConflict, isNotFound } from './couch';

// Sessions are opaque random tokens. Only their SHA-256 is stored (in an admin-only database), so a copy of
// the database does not hand out live sessions. The same token serves as the HttpOnly cookie (web) and as
// the bearer token (desktop). Sessions survive a server restart; they end at a fixed expiry or on logout.

export interface Session {
  name: string;
  createdAt: string;
  expiresAt: string;
}

interface SessionDoc extends Session {
  _id: string;
  _rev?: string;
  type: 'session';
}

const CACHE_MS = 5_000;

export function tokenId(token: string): string {
  return 'session:' + crypto.createHash('sha256').update(token).digest('hex');
}

export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export class SessionStore {
  private readonly db;
  private readonly cache = new Map<string, { session: Session | null; until: number }>();

  constructor(
    couch: Couch,
    dbName: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.db = couch.use<SessionDoc>(dbName);
  }

  async create(name: string): Promise<{ token: string; session: Session }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const created = this.now();
    const session: Session = {
      name,
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + this.ttlSeconds * 1000).toISOString(),
    };
    await this.db.insert({ _id: tokenId(token), type: 'session', ...session });
    return { token, session };
  }

  /** Forgets what the cache holds for a session document (its change was seen in the database). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /**
   * The live session for a token; `expired` when it existed but has run out. `fresh` reads the database
   * instead of the cache (a feed about to deliver checks that its session still stands).
   */
  async get(token: string, fresh = false): Promise<{ session: Session } | { expired: true } | null> {
    if (!isWellFormedToken(token)) return null;
    const id = tokenId(token);
    const cached = this.cache.get(id);
    let session: Session | null;
    if (cached && cached.until > this.now() && !fresh) {
      session = cached.session;
    } else {
      session = await this.load(id);
      this.cache.set(id, { session, until: this.now() + CACHE_MS });
      if (this.cache.size > 10_000) this.cache.clear();
    }
    if (!session) return null;
    if (Date.parse(session.expiresAt) <= this.now()) {
      await this.remove(id);
      return { expired: true };
    }
    return { session };
  }

  private async load(id: string): Promise<Session | null> {
    try {
      const doc = await this.db.get(id);
      return { name: doc.name, createdAt: doc.createdAt, expiresAt: doc.expiresAt };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async destroy(token: string): Promise<void> {
    if (isWellFormedToken(token)) await this.remove(tokenId(token));
  }

  private async remove(id: string): Promise<void> {
    this.cache.delete(id);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const doc = await this.db.get(id);
        await this.db.destroy(id, doc._rev as string);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
  }

  /** Ends every session of a user (used when an account is disabled). */
  async destroyAllFor(name: string): Promise<number> {
    const res = await this.db.list({ include_docs: true, startkey: 'session:', endkey: 'session:\ufff0' });
    const mine = res.rows.filter((r) => r.doc?.name === name);
    for (const row of mine) await this.remove(row.id);
    return mine.length;
  }

  /** Deletes expired sessions; run periodically. */
  async sweep(): Promise<number> {
    const res = await this.db.list({ include_docs: true, startkey: 'session:', endkey: 'session:\ufff0' });
    const expired = res.rows.filter((r) => r.doc && Date.parse(r.doc.expiresAt) <= this.now());
    for (const row of expired) await this.remove(row.id);
    return expired.length;
  }
}
