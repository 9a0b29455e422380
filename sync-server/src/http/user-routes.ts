import { Router } from 'express';
import type { CreateUserRequest, UserListResponse } from '../../../domain/api';
import { isRole } from '../../../domain/users';
import type { SessionStore } from '../sessions';
import { UserError, type UserStore } from '../users';
import type { Authenticator } from './auth';
import { HttpError } from './errors';

function parseCreate(body: unknown): CreateUserRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad_request', 'Send a JSON object {"name","password","role","team","region"}.');
  }
  const b = body as Record<string, unknown>;
  const optional = (v: unknown, field: string): string | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw new HttpError('bad_request', `${field} must be a string or null.`);
    return v;
  };
  if (typeof b.name !== 'string') throw new HttpError('bad_request', 'name must be a string.');
  if (typeof b.password !== 'string') throw new HttpError('bad_request', 'password must be a string.');
  if (!isRole(b.role)) throw new HttpError('bad_request', 'role must be officer, supervisor or admin.');
  return {
    name: b.name.trim().toLowerCase(),
    password: b.password,
    role: b.role,
    team: optional(b.team, 'team'),
    region: optional(b.region, 'region'),
  };
}

function asHttp(err: unknown): never {
  if (err instanceof UserError) throw new HttpError(err.code, err.message);
  throw err;
}

export function userRoutes(users: UserStore, sessions: SessionStore, auth: Authenticator): Router {
  const router = Router();
  router.use(auth.require('admin'));

  router.get('/', async (_req, res) => {
    const body: UserListResponse = { ok: true, users: await users.list() };
    res.json(body);
  });

  router.post('/', async (req, res) => {
    const user = await users.add(parseCreate(req.body)).catch(asHttp);
    res.status(201).json({ ok: true, user });
  });

  router.post('/:name/disable', async (req, res) => {
    const name = String(req.params.name);
    const user = await users.disable(name).catch(asHttp);
    auth.forgetUser(name);
    await sessions.destroyAllFor(name);
    res.json({ ok: true, user });
  });

  return router;
}
