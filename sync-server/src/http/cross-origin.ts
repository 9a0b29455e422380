import type { NextFunction, Request, Response } from 'express';
import { sendError } from './errors';

// CORS is allowed only for the app's own origins (the desktop app's `app://tertib`, or what the operator
// configures). Those clients authenticate with a bearer token, so credentials (cookies) are never allowed
// cross-origin. A state-changing request that carries a foreign Origin is refused outright, which also
// protects the cookie session against cross-site request forgery.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requestOrigin(req: Request): string {
  // req.protocol is the socket's, or X-Forwarded-Proto's behind a trusted proxy (TERTIB_TRUST_PROXY).
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

export function crossOrigin(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (!origin || origin === requestOrigin(req)) return next();
    if (!allowed.has(origin)) {
      if (SAFE_METHODS.has(req.method) && req.method !== 'OPTIONS') return next(); // no CORS headers: browser blocks reads
      return sendError(res, 'forbidden', `Requests from origin ${origin} are not allowed.`);
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Content-Encoding, Accept');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
