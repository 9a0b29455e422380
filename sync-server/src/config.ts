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
  /** Several sync-servers over one CouchDB (docs/scaling.md). */
  scale: ScaleConfig;
  /** TERTIB_BASEMAP: a PMTiles archive to serve as the offline basemap (checked at start), or null. */
  basemap: string | null;
  /** TERTIB_REGION_BOUNDS: each region's working area (west, south, east, north), for offline map downloads. */
  regionBounds: Record<string, [number, number, number, number]>;
  /** Evidence (issue 11; sync-server/src/evidence/). */
  evidence: {
    /** TERTIB_REQUIRE_SIGNATURES: refuse every new unsigned report and event, not only those of apps that sign. */
    requireSignatures: boolean;
    /** TERTIB_CLOCK_LIMIT_MINUTES: a capture time this far from the server's receipt time is flagged (never refused). */
    clockLimitMinutes: number;
    /** TERTIB_EVIDENCE_KEY: the server's Ed25519 signing key (base64url PKCS#8), else one kept in DATA_DIR. */
    signingKey: string | null;
    /** TERTIB_CHECKPOINT_SECONDS: how often a checkpoint is published (by one server: the lease holder). */
    checkpointSeconds: number;
  };
}

export interface ScaleConfig {
  /** TERTIB_LEASE_SECONDS: a worker whose holder died runs elsewhere within about this (coordination/lease.ts). */
  leaseSeconds: number;
  /** TERTIB_INSTANCE_NAME: how this instance names itself in worker leases (default: the host name). */
  instanceName: string | null;
  /** TERTIB_WORKERS=none: this instance serves requests only and never takes a worker's lease. */
  runWorkers: boolean;
  /** TERTIB_READY_MAX_LAG_SECONDS: /api/ready answers 503 while a worker held here is further behind. */
  readyMaxLagSeconds: number;
  /** TERTIB_METRICS_PORT: Prometheus metrics on their own listener (on TERTIB_METRICS_HOST), or null. */
  metricsPort: number | null;
  metricsHost: string;
  /** TERTIB_METRICS_TOKEN: also serve /metrics on the main port to `Authorization: Bearer <token>`. */
  metricsToken: string | null;
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

/**
 * `jakarta-pusat=106.80,-6.22,106.88,-6.14;jakarta-utara=…`: per region id, west,south,east,north in degrees.
 */
function parseRegionBounds(
  raw: string | undefined,
  problems: string[],
): Record<string, [number, number, number, number]> {
  const out: Record<string, [number, number, number, number]> = {};
  for (const part of (raw ?? '').split(';')) {
    const entry = part.trim();
    if (entry === '') continue;
    const match = /^([a-z0-9][a-z0-9_-]*)\s*=\s*([^=]+)$/.exec(entry);
    const numbers = match ? match[2]!.split(',').map((n) => Number(n.trim())) : [];
    const [w, s, e, n] = numbers;
    if (
      !match ||
      numbers.length !== 4 ||
      numbers.some((v) => !Number.isFinite(v)) ||
      !(w! >= -180 && e! <= 180 && w! < e! && s! >= -85.06 && n! <= 85.06 && s! < n!)
    ) {
      problems.push(
        `TERTIB_REGION_BOUNDS: "${entry}" is not region=west,south,east,north in degrees, e.g. jakarta-pusat=106.80,-6.22,106.88,-6.14`,
      );
      continue;
    }
    out[match[1]!] = [w!, s!, e!, n!];
  }
  return out;
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
  const scale = loadScaleConfig(env, problems);
  const basemapRaw = (env.TERTIB_BASEMAP ?? '').trim();
  // Whether the file is a usable archive is checked at start (basemap.ts): a bad one is reported, not fatal.
  const basemap = basemapRaw ? path.resolve(cwd, basemapRaw) : null;
  const regionBounds = parseRegionBounds(env.TERTIB_REGION_BOUNDS, problems);
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
    checkpointSeconds: intVar(env, 'TERTIB_CHECKPOINT_SECONDS', 6 * 3600, 1, 24 * 3600, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return {
    basemap,
    regionBounds,
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
    scale,
  };
}

function loadScaleConfig(env: Env, problems: string[]): ScaleConfig {
  const workers = (env.TERTIB_WORKERS ?? 'all').trim() || 'all';
  if (workers !== 'all' && workers !== 'none')
    problems.push(`TERTIB_WORKERS must be "all" or "none", got "${workers}"`);
  const metricsHost = (env.TERTIB_METRICS_HOST ?? '127.0.0.1').trim();
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(metricsHost))
    problems.push(`TERTIB_METRICS_HOST is not a host name or address: "${metricsHost}"`);
  const metricsToken = env.TERTIB_METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && !/^[\x21-\x7e]{24,256}$/.test(metricsToken))
    problems.push('TERTIB_METRICS_TOKEN must be 24 to 256 printable characters without spaces');
  const instanceName = env.TERTIB_INSTANCE_NAME?.trim() || null;
  if (instanceName !== null && !/^[A-Za-z0-9._-]{1,64}$/.test(instanceName))
    problems.push(`TERTIB_INSTANCE_NAME must be 1 to 64 of A-Z a-z 0-9 . _ -, got "${instanceName}"`);
  return {
    instanceName,
    leaseSeconds: intVar(env, 'TERTIB_LEASE_SECONDS', 15, 1, 600, problems),
    runWorkers: workers !== 'none',
    readyMaxLagSeconds: intVar(env, 'TERTIB_READY_MAX_LAG_SECONDS', 120, 1, 86_400, problems),
    metricsPort: env.TERTIB_METRICS_PORT?.trim()
      ? intVar(env, 'TERTIB_METRICS_PORT', 0, 0, 65535, problems)
      : null,
    metricsHost,
    metricsToken,
  };
}
