import { Router, type Request } from 'express';
import { loginFailures } from '../metrics';
import type { LoginResponse, SessionResponse } from '../../../domain/api';
import type { LoginThrottle } from '../login-throttle';
import { type SessionStore, tokenId } from '../sessions';
import type { UserStore } from '../users';
import { type Authenticator, SESSION_COOKIE, authOf, requestToken } from './auth';
import { HttpError, sendError } from './errors';

export interface SessionRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  auth: Authenticator;
  throttle: LoginThrottle;
  ttlSeconds: number;
}

function cookie(req: Request, token: string, maxAge: number): string {
  // Behind a TLS-terminating proxy (TERTIB_TRUST_PROXY) req.secure follows X-Forwarded-Proto.
  const secure = req.secure ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

function parseLogin(body: unknown): { name: string; password: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad_request', 'Send a JSON object {"name","password"}.');
  }
  const { name, password } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) {
    throw new HttpError('bad_request', 'name must be a non-empty string of at most 64 characters.');
  }
  if (typeof password !== 'string' || password.length === 0 || password.length > 256) {
    throw new HttpError('bad_request', 'password must be a non-empty string of at most 256 characters.');
  }
  return { name: name.trim().toLowerCase(), password };
}

export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const { name, password } = parseLogin(req.body);
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    // Counted before the password is checked, in the same compare-and-swap as the check: parallel guesses
    // (on any of the sync-servers) cannot all pass the throttle while the first ones are still being hashed.
    const decision = await deps.throttle.attempt(address, name);
    if (!decision.allowed) {
      loginFailures.inc({ reason: 'throttled' });
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      return sendError(
        res,
        'too_many_requests',
        `Too many failed logins. Try again in ${decision.retryAfterSeconds} seconds.`,
      );
    }
    const result = await deps.users.verify(name, password);
    if (!result.ok) {
      loginFailures.inc({
        reason: result.reason === 'disabled' ? 'account_disabled' : 'invalid_credentials',
      });
      if (result.reason === 'disabled')
        return sendError(res, 'account_disabled', 'This account has been disabled.');
      return sendError(res, 'invalid_credentials', 'Wrong user name or password.');
    }
    await deps.throttle.recordSuccess(address, name);
    const { token, session } = await deps.sessions.create(name);
    res.setHeader('Set-Cookie', cookie(req, token, deps.ttlSeconds));
    res.setHeader('Cache-Control', 'no-store');
    const { disabled: _d, ...user } = result.user;
    const body: LoginResponse = { ok: true, user, token, expiresAt: session.expiresAt };
    res.json(body);
  });

  router.get('/', deps.auth.require(), (_req, res) => {
    const { user, session } = authOf(res);
    const body: SessionResponse = { ok: true, user, expiresAt: session.expiresAt };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.delete('/', async (req, res) => {
    const found = requestToken(req);
    if (found) {
      await deps.sessions.destroy(found.token);
      deps.auth.changed({ sessionId: tokenId(found.token) });
    }
    res.setHeader('Set-Cookie', cookie(req, '', 0));
    res.json({ ok: true });
  });

  return router;
}
