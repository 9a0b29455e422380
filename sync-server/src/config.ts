import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  /** Admin URL of an existing CouchDB 3.x (single node or cluster); null → the embedded backend. */
  couchdbUrl: string | null;
  dataDir: string;
  /** Prefix for every database Tertib owns (not `_users`), so several deployments or test runs can share one CouchDB. */
  dbPrefix: string;
  sessionTtlSeconds: number;
  /** Origins allowed to call the API cross-origin (the desktop app's own origin). */
  allowedOrigins: string[];
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /** Folder of the built renderer to serve at `/` (web mode), or null. */
  webRoot: string | null;
  logLevel: 'silent' | 'info';
  capture: {
    maxPhotos: number;
    accuracyThresholdM: number;
    maxImportBytes: number;
    tileUrl: string | null;
    tileAttribution: string | null;
  };
  /** Kemendagri code of the province whose kota/kecamatan/kelurahan reports are filed in (default `31`, DKI Jakarta). */
  areaProvince: string;
  /** Public statistics fold areas with fewer reports than this into one "other areas" figure. */
  publicMinCount: number;
  /** Host names (besides IP addresses and localhost) this server answers to (http/host-check.ts). */
  hostnames: string[];
  /**
   * Express's `trust proxy` for a TLS-terminating reverse proxy in front (e.g. `loopback`): then the client's
   * address and scheme come from X-Forwarded-For/-Proto (the login throttle, the cookie's Secure flag).
   */
  trustProxy: string | false;
  /** Evidence (issue 11; sync-server/src/evidence/). */
  evidence: {
    /** TERTIB_REQUIRE_SIGNATURES: refuse every new unsigned report and event, not only those of apps that sign. */
    requireSignatures: boolean;
    /** TERTIB_CLOCK_LIMIT_MINUTES: a capture time this far from the server's receipt time is flagged (never refused). */
    clockLimitMinutes: number;
    /** TERTIB_EVIDENCE_KEY: the server's Ed25519 signing key (base64url PKCS#8), else one kept in DATA_DIR. */
    signingKey: string | null;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_ALLOWED_ORIGINS = ['app://tertib'];

type Env = Record<string, string | undefined>;

function intVar(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
    return fallback;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseCouchUrl(raw: string, problems: string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`COUCHDB_URL is not a URL: "${raw}"`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`COUCHDB_URL must be http(s), got ${url.protocol}`);
    return null;
  }
  if (!url.username || !url.password) {
    problems.push('COUCHDB_URL must carry admin credentials, e.g. http://admin:secret@127.0.0.1:5984');
    return null;
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString().replace(/\/$/, '');
}

function parseOrigins(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_ALLOWED_ORIGINS];
  const origins: string[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      const u = new URL(part);
      // An origin is scheme://host[:port]; anything else would never match the Origin header.
      const origin = u.protocol === 'app:' ? `app://${u.host}` : u.origin;
      if (origin === 'null' || u.pathname.replace(/\/$/, '') !== '' || u.search || u.hash) throw new Error();
      origins.push(origin);
    } catch {
      problems.push(
        `TERTIB_ALLOWED_ORIGINS: "${part}" is not an origin like app://tertib or http://host:port`,
      );
    }
  }
  return origins;
}

/**
 * A Leaflet tile URL template (`https://tiles.example/{z}/{x}/{y}.png`, optionally `{s}`/`{r}`), or null.
 * Only http(s), no credentials (the template is sent to every client), and all three of {z} {x} {y}.
 */
function parseTileUrl(raw: string | undefined, problems: string[]): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  const bad = () =>
    problems.push(
      `TERTIB_TILE_URL must be an http(s) URL template with {z}, {x} and {y}, e.g. https://tile.example/{z}/{x}/{y}.png, got "${value}"`,
    );
  if (!/^https?:\/\//.test(value) || !['{z}', '{x}', '{y}'].every((p) => value.includes(p))) {
    bad();
    return null;
  }
  try {
    const url = new URL(value.replace(/\{[a-z]\}/g, '0'));
    if (url.username || url.password) throw new Error('credentials');
  } catch {
    bad();
    return null;
  }
  return value;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): ServerConfig {
  const problems: string[] = [];
  const port = intVar(env, 'PORT', 4984, 0, 65535, problems);
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST is not a host name or address: "${host}"`);
  const couchdbUrl = env.COUCHDB_URL?.trim() ? parseCouchUrl(env.COUCHDB_URL.trim(), problems) : null;
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || './data');
  const dbPrefix = (env.TERTIB_DB_PREFIX ?? '').trim();
  if (dbPrefix && !/^[a-z][a-z0-9_$()+/-]*$/.test(dbPrefix)) {
    problems.push(`TERTIB_DB_PREFIX must start with a-z and use only a-z 0-9 _$()+-/, got "${dbPrefix}"`);
  }
  const sessionTtlSeconds = intVar(env, 'SESSION_TTL_SECONDS', 12 * 3600, 1, 90 * 24 * 3600, problems);
  const allowedOrigins = parseOrigins(env.TERTIB_ALLOWED_ORIGINS, problems);
  const loginMaxFailures = intVar(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000, problems);
  const loginWindowSeconds = intVar(env, 'LOGIN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600, problems);
  const logLevel = env.LOG_LEVEL === 'silent' ? 'silent' : 'info';
  const capture = {
    maxPhotos: intVar(env, 'TERTIB_MAX_PHOTOS', 5, 1, 20, problems),
    accuracyThresholdM: intVar(env, 'TERTIB_ACCURACY_THRESHOLD_M', 50, 1, 10_000, problems),
    maxImportBytes: intVar(env, 'TERTIB_MAX_IMPORT_MB', 40, 1, 200, problems) * 1024 * 1024,
    tileUrl: parseTileUrl(env.TERTIB_TILE_URL, problems),
    // Shown as plain text under the map (never as HTML), so it needs no escaping rules.
    tileAttribution: env.TERTIB_TILE_ATTRIBUTION?.trim().slice(0, 200) || null,
  };
  const areaProvince = (env.TERTIB_AREA_PROVINCE ?? '31').trim();
  if (!/^[0-9]{2}$/.test(areaProvince)) {
    problems.push(
      `TERTIB_AREA_PROVINCE must be a two-digit Kemendagri province code such as 31, got "${areaProvince}"`,
    );
  }
  const publicMinCount = intVar(env, 'TERTIB_PUBLIC_MIN_COUNT', 5, 1, 1000, problems);
  const hostnames = (env.TERTIB_HOSTNAMES ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const h of hostnames) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(h))
      problems.push(`TERTIB_HOSTNAMES: "${h}" is not a host name`);
  }
  const trustProxyRaw = (env.TERTIB_TRUST_PROXY ?? '').trim();
  if (trustProxyRaw && !/^[A-Za-z0-9.:,/ ]{1,500}$/.test(trustProxyRaw)) {
    problems.push(
      `TERTIB_TRUST_PROXY must name the proxy's addresses (e.g. loopback or 10.0.0.2), got "${trustProxyRaw}"`,
    );
  }
  const requireRaw = (env.TERTIB_REQUIRE_SIGNATURES ?? '').trim().toLowerCase();
  if (requireRaw && !['0', '1', 'true', 'false'].includes(requireRaw))
    problems.push(`TERTIB_REQUIRE_SIGNATURES must be 1 or 0, got "${requireRaw}"`);
  const signingKey = env.TERTIB_EVIDENCE_KEY?.trim() || null;
  if (signingKey !== null && !/^[A-Za-z0-9_-]{40,200}$/.test(signingKey))
    problems.push('TERTIB_EVIDENCE_KEY must be an Ed25519 private key as base64url PKCS#8');
  const evidence = {
    requireSignatures: requireRaw === '1' || requireRaw === 'true',
    clockLimitMinutes: intVar(env, 'TERTIB_CLOCK_LIMIT_MINUTES', 10, 1, 7 * 24 * 60, problems),
    signingKey,
  };
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    couchdbUrl,
    dataDir,
    dbPrefix,
    sessionTtlSeconds,
    allowedOrigins,
    loginMaxFailures,
    loginWindowSeconds,
    webRoot: null,
    logLevel,
    capture,
    areaProvince,
    publicMinCount,
    hostnames,
    trustProxy: trustProxyRaw || false,
    evidence,
  };
}
