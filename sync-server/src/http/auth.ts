import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import type { SessionUser } from '../../../domain/api';
import type { Role } from '../../../domain/users';
import type { Session, SessionStore } from '../sessions';
import type { UserRecord, UserStore } from '../users';
import { HttpError } from './errors';

export const SESSION_COOKIE = 'tertib_session';

export interface AuthedLocals {
  user: SessionUser;
  session: Session;
  token: string;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[key] = decodeURIComponent(raw);
    } catch {
      out[key] = raw;
    }
  }
  return out;
}

/** The token a request carries: the bearer header (desktop, cross-origin) wins over the cookie (web). */
export function requestToken(req: Request): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = req.headers.authorization;
  if (header && /^Bearer\s+/i.test(header))
    return { token: header.replace(/^Bearer\s+/i, '').trim(), via: 'bearer' };
  const cookie = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

const USER_CACHE_MS = 5_000;

/** Something that may have ended sessions: one session document changed, or one account. */
export type SessionChange = { sessionId: string } | { user: string };

/**
 * Sessions and accounts are cached for a few seconds, since every sync request needs both. A cache must
 * never outlive what it caches, on this server or another one over the same database: the server follows
 * the sessions database and `_users` (server.ts) and calls `changed()` for each change, which also wakes
 * the live feeds of that session or account so they can end (changes-route.ts).
 */
export class Authenticator extends EventEmitter<{ changed: [SessionChange] }> {
  private readonly userCache = new Map<string, { user: UserRecord | null; until: number }>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly users: UserStore,
  ) {
    super();
    this.setMaxListeners(0);
  }

  forgetUser(name: string): void {
    this.changed({ user: name });
  }

  changed(change: SessionChange): void {
    if ('user' in change) this.userCache.delete(change.user);
    else this.sessions.forget(change.sessionId);
    this.emit('changed', change);
  }

  private async user(name: string, fresh: boolean): Promise<UserRecord | null> {
    const hit = this.userCache.get(name);
    if (hit && hit.until > Date.now() && !fresh) return hit.user;
    const user = await this.users.get(name);
    this.userCache.set(name, { user, until: Date.now() + USER_CACHE_MS });
    if (this.userCache.size > 10_000) this.userCache.clear();
    return user;
  }

  /**
   * Resolves the request's session, or throws the HttpError the client should see. `fresh` skips the
   * caches: a live feed checks this way, just before it delivers, that its session still stands.
   */
  async authenticate(req: Request, fresh = false): Promise<AuthedLocals> {
    const found = requestToken(req);
    if (!found) throw new HttpError('unauthorized', 'Not logged in.');
    const result = await this.sessions.get(found.token, fresh);
    if (!result) throw new HttpError('unauthorized', 'The session is not valid. Log in again.');
    if ('expired' in result) throw new HttpError('session_expired', 'The session has expired. Log in again.');
    const user = await this.user(result.session.name, fresh);
    if (!user) {
      await this.sessions.destroy(found.token);
      throw new HttpError('unauthorized', 'The account no longer exists.');
    }
    if (user.disabled) {
      await this.sessions.destroy(found.token);
      throw new HttpError('account_disabled', 'This account has been disabled.');
    }
    const { disabled: _d, ...sessionUser } = user;
    return { user: sessionUser, session: result.session, token: found.token };
  }

  /** Express middleware: puts the session into `res.locals.auth`, optionally requiring one of `roles`. */
  require(...roles: Role[]) {
    return (req: Request, res: Response, next: NextFunction): void => {
      this.authenticate(req)
        .then((auth) => {
          if (roles.length && !roles.includes(auth.user.role)) {
            throw new HttpError('forbidden', `This needs the role ${roles.join(' or ')}.`);
          }
          res.locals.auth = auth;
          next();
        })
        .catch(next);
    };
  }
}

export function authOf(res: Response): AuthedLocals {
  return res.locals.auth as AuthedLocals;
}
