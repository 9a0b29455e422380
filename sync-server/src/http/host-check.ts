import net from 'node:net';
import type { NextFunction, Request, Response } from 'express';

// The server answers only to the names it is known by. A browser page on a hostile domain that re-points
// its DNS at this server (DNS rebinding) sends its own name in `Host`; refusing unknown names closes that
// door. IP literals and `localhost` are always fine (rebinding needs a domain name the attacker controls);
// every other name the server is reached by — the one in the desktop app's server address, the public page's
// — must be listed in TERTIB_HOSTNAMES.

/** The name part of a Host header (no port, no IPv6 brackets), lowercased; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header || header.length > 255) return null;
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || !/^(:\d{1,5})?$/.test(value.slice(end + 1))) return null;
    const ip = value.slice(1, end);
    return net.isIPv6(ip) ? ip : null;
  }
  const m = /^([a-z0-9.-]+)(:\d{1,5})?$/.exec(value);
  return m?.[1] ?? null;
}

export function hostAllowed(header: string | undefined, names: ReadonlySet<string>): boolean {
  const name = hostName(header);
  if (name === null) return false;
  if (net.isIP(name) !== 0 || name === 'localhost') return true;
  return names.has(name.replace(/\.$/, ''));
}

export function hostCheck(names: readonly string[]) {
  const allowed = new Set(names.map((n) => n.toLowerCase()));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (hostAllowed(req.headers.host, allowed)) return next();
    res.status(421).json({
      ok: false,
      error: 'bad_request',
      reason:
        'This server does not answer to that host name. Its operator lists the names it serves in TERTIB_HOSTNAMES.',
    });
  };
}
