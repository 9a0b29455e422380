import { Router } from 'express';
import type { DirectoryResponse } from '../../../domain/api';
import type { UserStore } from '../users';
import { authOf, type Authenticator } from './auth';

// Who a supervisor can assign a follow-up to: active officers of their region and the teams they form (an
// admin sees every region). The case screen offers exactly these, so a typo cannot make a task nobody gets;
// the gateway checks an `assigned` event's names against the same list (sync/bulk-docs.ts).

export function directoryRoutes(users: UserStore, auth: Authenticator): Router {
  const router = Router();
  router.get('/', auth.require('supervisor', 'admin'), async (_req, res) => {
    const { user } = authOf(res);
    const officers = (await users.list())
      .filter((u) => u.role === 'officer' && !u.disabled)
      .filter((u) => user.role === 'admin' || u.region === user.region)
      .map((u) => ({ name: u.name, team: u.team, region: u.region }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const teams = new Map<string, string | null>();
    for (const o of officers) if (o.team !== null && !teams.has(o.team)) teams.set(o.team, o.region);
    const body: DirectoryResponse = {
      ok: true,
      officers,
      teams: [...teams]
        .map(([team, region]) => ({ team, region }))
        .sort((a, b) => (a.team < b.team ? -1 : 1)),
    };
    res.setHeader('Cache-Control', 'private, no-cache');
    res.json(body);
  });
  return router;
}
