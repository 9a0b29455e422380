import express, { type Router } from 'express';
import type { BasemapResponse, Bounds } from '../../../domain/api';
import type { BasemapState } from '../basemap';
import type { Authenticator } from './auth';
import { authOf } from './auth';
import { sendError } from './errors';

/**
 * `GET /api/basemap` (what the archive is, and the user's working area) and `GET /api/basemap.pmtiles` (its
 * bytes, with range requests: 206 per range, ETag, Last-Modified) for signed-in users. The archive's URL
 * carries its version, so a response for the current version may be cached for a year; any other is
 * revalidated.
 */
export function basemapRoutes(
  state: BasemapState,
  regionBounds: Record<string, Bounds>,
  auth: Authenticator,
): Router {
  const router = express.Router();
  router.get('/basemap', auth.require(), (_req, res) => {
    let basemap: BasemapResponse['basemap'] = null;
    if (state.kind === 'ready') {
      const region = authOf(res).user.region;
      const area = (region !== null ? regionBounds[region] : undefined) ?? state.info.bounds;
      basemap = {
        ...state.info,
        url: `/api/basemap.pmtiles?v=${encodeURIComponent(state.info.version)}`,
        area,
      };
    }
    const body: BasemapResponse = { ok: true, basemap };
    res.setHeader('Cache-Control', 'private, no-cache');
    res.json(body);
  });
  router.get('/basemap.pmtiles', auth.require(), (req, res, next) => {
    if (state.kind !== 'ready') {
      sendError(res, 'not_found', 'No basemap is configured on this server.');
      return;
    }
    const current = req.query.v === state.info.version;
    // The app-wide `etag` setting is off (JSON answers), which also turns off sendFile's; the archive's
    // version is its ETag (send then answers If-None-Match and If-Range from it).
    res.setHeader('ETag', `"${state.info.version}"`);
    res.sendFile(
      state.file,
      {
        acceptRanges: true,
        lastModified: true,
        cacheControl: false,
        dotfiles: 'allow',
        headers: {
          'Content-Type': 'application/vnd.pmtiles',
          'Cache-Control': current ? 'private, max-age=31536000, immutable' : 'private, no-cache',
        },
      },
      (err?: Error & { status?: number }) => {
        if (!err || res.headersSent) return;
        if (err.status === 416) {
          res.status(416).setHeader('Content-Range', `bytes */${state.info.size}`).end();
          return;
        }
        next(err);
      },
    );
  });
  return router;
}
