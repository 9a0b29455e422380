import { Router, type Request, type Response } from 'express';
import type { PublicStatsResponse } from '../../../domain/api';
import { can } from '../../../domain/permissions';
import { PUBLIC_PAGE_CSP, renderPublicPage } from '../stats/public-page';
import type { DayRange, StatsReader } from '../stats/stats-reader';
import { type Authenticator, authOf } from './auth';
import { HttpError } from './errors';

// `GET /api/stats` (supervisors: their region; admins: everything), and the public figures:
// `GET /api/public/stats` and the page `GET /public`, no login, cacheable for a minute.

const DAY_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function day(value: unknown, name: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !DAY_RE.test(value)) {
    throw new HttpError('bad_request', `${name} must be a day as YYYY-MM-DD.`);
  }
  // 2025-02-30 matches the pattern but is no day.
  if (new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) !== value) {
    throw new HttpError('bad_request', `${name} is not a calendar day: ${value}.`);
  }
  return value;
}

export function parseRange(query: Request['query']): DayRange {
  const from = day(query.from, 'from');
  const to = day(query.to, 'to');
  if (from !== null && to !== null && from > to) throw new HttpError('bad_request', 'from is after to.');
  return { from, to };
}

export function statsRoutes(reader: StatsReader, auth: Authenticator): Router {
  const router = Router();
  router.get('/', auth.require(), async (req, res) => {
    const { user } = authOf(res);
    // An admin reads everything (`other`); a supervisor their region — the permission table decides.
    const wide = can(user.role, 'stats:read', 'other');
    if (!wide && !(can(user.role, 'stats:read', 'region') && user.region !== null)) {
      throw new HttpError('forbidden', 'Statistics are for supervisors and administrators.');
    }
    const body = await reader.stats(wide ? null : user.region, parseRange(req.query));
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });
  return router;
}

/**
 * The public figures are the same for everyone and change slowly: one read of the views per `ttlMs`
 * however many people (or crawlers) ask, so the unauthenticated endpoint cannot load the database.
 */
export class PublicStatsCache {
  private cached: { at: number; value: Promise<PublicStatsResponse> } | null = null;

  constructor(
    private readonly reader: StatsReader,
    private readonly suppressBelow: number,
    private readonly ttlMs = 30_000,
  ) {}

  get(): Promise<PublicStatsResponse> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.value;
    const value = this.reader.publicStats(this.suppressBelow);
    this.cached = { at: now, value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = null;
    });
    return value;
  }
}

const PUBLIC_CACHE = 'public, max-age=60';

export function publicStatsApi(cache: PublicStatsCache): Router {
  const router = Router();
  router.get('/stats', async (_req, res: Response) => {
    const body = await cache.get();
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    // Aggregates for anyone: any site may read them (no credentials are ever involved).
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(body);
  });
  return router;
}

export function publicPage(cache: PublicStatsCache) {
  return async (_req: Request, res: Response): Promise<void> => {
    const html = renderPublicPage(await cache.get());
    res.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
    res.setHeader('Cache-Control', PUBLIC_CACHE);
    res.type('html').send(html);
  };
}
