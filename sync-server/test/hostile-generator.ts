// Seeded generator of malformed and hostile requests for hostile-requests.test.ts. Everything it makes
// depends only on the seed and on the world it is given (who exists, which documents were seeded), so a
// failing run replays exactly with HOSTILE_SEED. Paths are raw: the runner sends them byte for byte, so
// `..`, `%2e%2e` and overlong encodings reach the server as written (fetch would normalise them away).

import {
  CONTENT_TYPES,
  ENDPOINTS,
  GARBAGE_BODIES,
  METHODS,
  PATH_TRICKS,
  PROTO_BODIES,
  QUERY_TRICKS,
  Rng,
  UNKNOWN_PATHS,
  deepArray,
  deepObject,
} from './hostile-inputs';

export type ClientDb = 'reports' | 'events' | 'photos';
export const CLIENT_DBS: readonly ClientDb[] = ['reports', 'events', 'photos'];

/** A seeded document and who may read it (identity keys of real users). */
export interface Target {
  db: ClientDb;
  id: string;
  rev: string;
  readers: readonly string[];
}

export interface HostileWorld {
  /** Identity keys of real, logged-in users (the runner turns each into a bearer token). */
  users: readonly string[];
  /** Every identity key the runner knows: the users, their variants, anonymous, forged, expired… */
  identities: readonly string[];
  targets: readonly Target[];
  /** Checkpoint ids that users stored under `_local/`. */
  localIds: readonly string[];
}

export interface HostileRequest {
  family: string;
  method: string;
  /** Sent byte for byte (latin1); never normalised. */
  path: string;
  /** An identity key of the world. */
  as: string;
  headers?: Record<string, string>;
  /** A thunk for the few huge bodies, so they exist only while they are sent. */
  body?: string | Buffer | (() => string | Buffer);
  /** Longpolls: the client leaves after this long, which is not a failure. */
  leaveAfterMs?: number;
  /** The two requests of a pair ask the same of a document the sender may not read and of a missing one. */
  twin?: { pair: number; side: 'refused' | 'missing'; id: string };
}

/** Fills an endpoint's placeholders for one sender. */
function fill(rng: Rng, world: HostileWorld, template: string): string {
  const target = rng.pick(world.targets);
  const photo = rng.pick(world.targets.filter((t) => t.db === 'photos'));
  return template
    .replace('{db}', rng.chance(0.9) ? target.db : rng.pick(['Reports', 'reports%00', 'users', '_users', '']))
    .replace('{id}', rng.chance(0.7) ? target.id : rng.uuid())
    .replace('{photo}', photo.id)
    .replace('{local}', rng.chance(0.6) ? rng.pick(world.localIds) : rng.pick(PATH_TRICKS))
    .replace('{name}', rng.pick(['nobody', '..', '%2e%2e', '__proto__', 'x'.repeat(300)]))
    .replace('{unknown}', rng.pick(UNKNOWN_PATHS));
}

/** One of several ways to bend a path: a trick segment, climbing, doubled slashes, odd case, encoded slashes. */
function bendPath(rng: Rng, path: string): string {
  const [base = '', query] = splitQuery(path);
  const segs = base.split('/');
  const trick = rng.pick(PATH_TRICKS);
  let out: string;
  switch (rng.int(8)) {
    case 0: {
      const i = 1 + rng.int(Math.max(1, segs.length - 1));
      segs[i] = trick;
      out = segs.join('/');
      break;
    }
    case 1:
      out = `${base}/${trick}/${rng.pick(['_all_dbs', '_users', 'reports', 'tertib_sessions'])}`;
      break;
    case 2:
      out = segs
        .slice(0, -1)
        .concat(trick, segs[segs.length - 1] ?? '')
        .join('/');
      break;
    case 3:
      out = base.replace(/\//g, rng.pick(['//', '/./', '%2f', '/%2e/']));
      break;
    case 4:
      out = base.toUpperCase();
      break;
    case 5:
      out = base + rng.pick(['/', '.', ';x=1', '%20', '%09', '#frag', '/%00']);
      break;
    case 6:
      out = base.replace(/[a-z_]/g, (c) => (rng.chance(0.3) ? '%' + c.charCodeAt(0).toString(16) : c));
      break;
    default:
      out = base.replace(/[a-z_]/g, (c) => (rng.chance(0.3) ? '%25' + c.charCodeAt(0).toString(16) : c));
  }
  return query === undefined ? out : `${out}?${query}`;
}

function splitQuery(path: string): [string, string | undefined] {
  const q = path.indexOf('?');
  return q < 0 ? [path, undefined] : [path.slice(0, q), path.slice(q + 1)];
}

function withQuery(path: string, query: string): string {
  return path + (path.includes('?') ? '&' : '?') + query;
}

function jsonHeaders(contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType };
}

// ---------------------------------------------------------------------------------------------------------
// Families

type Push = (r: HostileRequest) => void;

/** The same question about a document the sender may not read and about one that does not exist. */
function twinProbes(rng: Rng, world: HostileWorld, push: Push): void {
  let pair = 0;
  for (const target of world.targets) {
    const missingId = target.db === 'photos' ? `photo:${rng.hex(32)}` : rng.uuid();
    for (const as of world.users.filter((u) => !target.readers.includes(u))) {
      const shapes = probeShapes(target);
      for (const shape of shapes) {
        pair++;
        for (const [side, id] of [
          ['refused', target.id],
          ['missing', missingId],
        ] as const) {
          const r = shape(id);
          push({ ...r, family: 'refused-vs-missing', as, twin: { pair, side, id } });
        }
      }
    }
  }
}

type Probe = (id: string) => Omit<HostileRequest, 'family' | 'as'>;

function probeShapes(target: Target): Probe[] {
  const { db, rev } = target;
  const e = encodeURIComponent;
  const post = (path: string, body: unknown): Probe => {
    return (id) => ({
      method: 'POST',
      path,
      headers: jsonHeaders(),
      body: JSON.stringify(body).replaceAll('{ID}', id),
    });
  };
  const shapes: Probe[] = [
    (id) => ({ method: 'GET', path: `/db/${db}/${e(id)}` }),
    (id) => ({ method: 'GET', path: `/db/${db}/${e(id)}?revs=true&revs_info=true&conflicts=true` }),
    (id) => ({ method: 'GET', path: `/db/${db}/${e(id)}?open_revs=all` }),
    (id) => ({ method: 'GET', path: `/db/${db}/${e(id)}?open_revs=${e(JSON.stringify([rev]))}&revs=true` }),
    (id) => ({
      method: 'GET',
      path: `/db/${db}/_all_docs?include_docs=true&keys=${e(JSON.stringify([id]))}`,
    }),
    post(`/db/${db}/_all_docs`, { keys: ['{ID}'], include_docs: true }),
    post(`/db/${db}/_bulk_get?revs=true&attachments=true`, { docs: [{ id: '{ID}' }] }),
    post(`/db/${db}/_bulk_get?latest=true`, { docs: [{ id: '{ID}', rev }] }),
    post(`/db/${db}/_revs_diff`, { '{ID}': ['9-ffffffffffffffffffffffffffffffff'] }),
    post(`/db/${db}/_revs_diff`, { '{ID}': [rev, '1-0'] }),
    post(`/db/${db}/_bulk_docs`, { docs: [{ _id: '{ID}', _rev: rev, type: db.slice(0, -1) }] }),
  ];
  if (db === 'photos') {
    shapes.push((id) => ({ method: 'GET', path: `/db/photos/${e(id)}/photo.jpg` }));
    shapes.push((id) => ({ method: 'GET', path: `/db/photos/${id}/thumb.jpg` }));
  }
  if (db === 'reports') shapes.push((id) => ({ method: 'GET', path: `/api/cases/${id}` }));
  return shapes;
}

/** Every user reads every database through every read path, asking for the others' documents. */
function crossUserReads(rng: Rng, world: HostileWorld, push: Push): void {
  for (const as of world.users) {
    for (const db of CLIENT_DBS) {
      const ids = world.targets.filter((t) => t.db === db).map((t) => t.id);
      const keys = encodeURIComponent(JSON.stringify(ids));
      const reads: Array<Omit<HostileRequest, 'family' | 'as'>> = [
        { method: 'GET', path: `/db/${db}/_changes?since=0&include_docs=true&style=all_docs` },
        { method: 'GET', path: `/db/${db}/_changes?since=0&include_docs=true&limit=1` },
        {
          method: 'GET',
          path: `/db/${db}/_changes?since=0&include_docs=true&attachments=true&conflicts=true`,
        },
        { method: 'GET', path: `/db/${db}/_changes?since=now&feed=longpoll&timeout=1`, leaveAfterMs: 3000 },
        { method: 'GET', path: `/db/${db}/_all_docs?include_docs=true&keys=${keys}` },
        { method: 'GET', path: `/db/${db}/_all_docs?include_docs=true` },
        { method: 'GET', path: `/db/${db}/_all_docs?startkey=""&endkey="\ufff0"&include_docs=true` },
        {
          method: 'POST',
          path: `/db/${db}/_bulk_get?revs=true&attachments=true`,
          headers: jsonHeaders(),
          body: JSON.stringify({ docs: ids.map((id) => ({ id })) }),
        },
        ...world.localIds.map((local) => ({ method: 'GET', path: `/db/${db}/_local/${local}` })),
        ...world.localIds.map((local) => ({
          method: 'GET',
          path: `/db/${db}/_local/${rng.pick(['..%2f', '%2e%2e%2f', '../', ':'])}${local}`,
        })),
      ];
      for (const r of reads) push({ ...r, family: 'cross-user-read', as });
    }
    for (const other of world.users) {
      for (const local of world.localIds) {
        // Another user's checkpoint by the name the gateway stores it under.
        push({ family: 'cross-user-read', method: 'GET', path: `/db/reports/_local/${other}:${local}`, as });
        push({
          family: 'cross-user-read',
          method: 'GET',
          path: `/db/reports/_local/${encodeURIComponent(`${other}:${local}`)}`,
          as,
        });
      }
    }
  }
}

/** The paths of every endpoint bent every way, sent by anyone. */
function pathsAndEncodings(rng: Rng, world: HostileWorld, push: Push, n: number): void {
  for (let i = 0; i < n; i++) {
    const ep = rng.pick(ENDPOINTS);
    push({
      family: 'paths-and-encodings',
      method: ep.method === 'POST' || ep.method === 'PUT' ? ep.method : 'GET',
      path: bendPath(rng, fill(rng, world, ep.path)),
      as: rng.pick(world.identities),
      ...(ep.json ? { headers: jsonHeaders(), body: rng.pick(GARBAGE_BODIES) } : {}),
    });
  }
  // Not in issue 9: a _revs_diff entry that is not a list, for a document that exists (once per database).
  for (const db of CLIENT_DBS) {
    const id = rng.pick(world.targets.filter((x) => x.db === db)).id;
    push({
      family: 'paths-and-encodings',
      method: 'POST',
      path: `/db/${db}/_revs_diff`,
      as: rng.pick(world.users),
      headers: jsonHeaders(),
      body: `{"${id}":"1-x"}`,
    });
  }
  // The ones issue 9 names, sent as they were found.
  for (const as of world.users) {
    const target = rng.pick(world.targets);
    for (const db of CLIENT_DBS) {
      push({ family: 'paths-and-encodings', method: 'GET', path: `/db/${db}/..?open_revs=all`, as });
      push({ family: 'paths-and-encodings', method: 'GET', path: `/db/${db}/%2e%2e?open_revs=all`, as });
      push({ family: 'paths-and-encodings', method: 'GET', path: `/db/${db}/${target.id}?open_revs=x`, as });
      for (const body of ['{}', '{"docs":null}', '{"docs":[{}]}']) {
        push({
          family: 'paths-and-encodings',
          method: 'POST',
          path: `/db/${db}/_bulk_get`,
          as,
          headers: jsonHeaders(),
          body,
        });
      }
    }
  }
}

function methodsAndContentTypes(rng: Rng, world: HostileWorld, push: Push, n: number): void {
  for (let i = 0; i < n; i++) {
    const ep = rng.pick(ENDPOINTS);
    const method = rng.chance(0.5) ? rng.pick(METHODS) : ep.method;
    const hasBody = method !== 'GET' && method !== 'HEAD' && rng.chance(0.8);
    const contentType = rng.pick(CONTENT_TYPES);
    const headers: Record<string, string> = { 'content-type': contentType };
    if (rng.chance(0.15)) headers['content-encoding'] = rng.pick(['gzip', 'deflate', 'br', 'x-nonsense']);
    if (rng.chance(0.1)) headers.accept = rng.pick(['text/html', 'multipart/mixed', 'image/*', '*/*;q=0']);
    push({
      family: 'methods-and-content-types',
      method,
      path: fill(rng, world, ep.path),
      as: rng.pick(world.identities),
      headers,
      ...(hasBody ? { body: rng.pick([...GARBAGE_BODIES, ...PROTO_BODIES]) } : {}),
    });
  }
}

/** Deep nesting (10 000 and 100 000 levels) and bodies past every size limit, to every endpoint that takes JSON. */
function hugeAndDeepBodies(rng: Rng, world: HostileWorld, push: Push): void {
  const jsonEndpoints = ENDPOINTS.filter((e) => e.json);
  const target = rng.pick(world.targets.filter((t) => t.db !== 'photos'));
  for (const depth of [1_000, 10_000, 100_000]) {
    const wraps = [
      (d: string) => d,
      (d: string) => `{"docs":${d}}`,
      (d: string) => `{"docs":[{"id":"${target.id}","rev":${d}}]}`,
      (d: string) => `{"keys":${d}}`,
      (d: string) => `{"${target.id}":${d}}`,
      (d: string) => `{"docs":[{"_id":"${target.id}","type":"report","x":${d}}]}`,
      (d: string) => `{"docs":[{"_id":"${rng.uuid()}","type":"report","x":${d}}]}`,
      (d: string) => `{"name":${d},"password":"x"}`,
    ];
    for (const ep of jsonEndpoints) {
      const nested = rng.chance(0.5) ? deepArray(depth) : deepObject(depth);
      const wrap = rng.pick(wraps);
      push({
        family: 'deep-json',
        method: ep.method,
        path: fill(rng, world, ep.path),
        as: rng.pick(world.users),
        headers: jsonHeaders(),
        body: wrap(nested),
      });
    }
    // Every wrap against the sync endpoints that pass bodies on to the backend.
    for (const db of CLIENT_DBS) {
      for (const [method, path] of [
        ['POST', `/db/${db}/_bulk_get`],
        ['POST', `/db/${db}/_revs_diff`],
        ['PUT', `/db/${db}/_local/deep-${depth}`],
        ['POST', `/db/${db}/_bulk_docs`],
        ['POST', `/db/${db}/_all_docs`],
      ] as const) {
        for (const wrap of wraps.slice(0, 6)) {
          push({
            family: 'deep-json',
            method,
            path,
            as: rng.pick(world.users),
            headers: jsonHeaders(),
            body: wrap(rng.chance(0.5) ? deepArray(depth) : deepObject(depth)),
          });
        }
      }
    }
    push({
      family: 'deep-json',
      method: 'GET',
      path: `/db/reports/_all_docs?keys=${deepArray(Math.min(depth, 1500))}`,
      as: rng.pick(world.users),
    });
  }
  const huge: Array<[string, string, () => string]> = [
    ['POST', '/api/session', () => JSON.stringify({ name: 'x', password: 'p'.repeat(70_000) })],
    ['POST', '/api/users', () => JSON.stringify({ name: 'n'.repeat(100_000) })],
    ['POST', '/db/reports/_bulk_docs', () => `{"docs":[{"_id":"x","pad":"${'x'.repeat(9_000_000)}"}]}`],
    [
      'POST',
      '/db/events/_bulk_get',
      () => JSON.stringify({ docs: Array.from({ length: 300_000 }, () => ({ id: 'x' })) }),
    ],
    [
      'POST',
      '/db/reports/_all_docs',
      () => JSON.stringify({ keys: Array.from({ length: 200_000 }, (_, i) => `k${i}`) }),
    ],
    [
      'POST',
      '/db/reports/_revs_diff',
      () => JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, ['1-a']]))),
    ],
    [
      'POST',
      '/db/reports/_bulk_docs',
      () => JSON.stringify({ docs: Array.from({ length: 1_001 }, () => ({})) }),
    ],
    ['POST', '/db/photos/_bulk_docs', () => JSON.stringify({ docs: Array.from({ length: 21 }, () => ({})) })],
    ['POST', '/db/photos/_bulk_docs', () => `{"docs":[{"_id":"photo:x","pad":"${'x'.repeat(41_000_000)}"}]}`],
    ['PUT', '/db/reports/_local/huge', () => `{"pad":"${'x'.repeat(7_000_000)}"}`],
    [
      'POST',
      '/db/photos/_bulk_docs',
      () =>
        JSON.stringify({
          docs: [
            {
              _id: 'photo:' + 'a'.repeat(64),
              type: 'photo',
              _attachments: { 'photo.jpg': { data: 'A'.repeat(6_000_000) } },
            },
          ],
        }),
    ],
  ];
  for (const [method, path, body] of huge) {
    push({ family: 'huge-body', method, path, as: rng.pick(world.users), headers: jsonHeaders(), body });
  }
}

function prototypePollution(rng: Rng, world: HostileWorld, push: Push, n: number): void {
  const jsonEndpoints = ENDPOINTS.filter((e) => e.json);
  for (let i = 0; i < n; i++) {
    const ep = rng.pick(jsonEndpoints);
    push({
      family: 'prototype-pollution',
      method: ep.method,
      path: rng.chance(0.3)
        ? withQuery(
            fill(rng, world, ep.path),
            rng.pick(QUERY_TRICKS.filter((q) => /proto|constructor/.test(q))),
          )
        : fill(rng, world, ep.path),
      as: rng.pick(world.identities),
      headers: jsonHeaders(),
      body: rng.pick(PROTO_BODIES),
    });
  }
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
    for (const db of CLIENT_DBS) {
      const as = rng.pick(world.users);
      push({ family: 'prototype-pollution', method: 'GET', path: `/db/${db}/${key}`, as });
      push({ family: 'prototype-pollution', method: 'GET', path: `/db/${db}/_local/${key}`, as });
      push({ family: 'prototype-pollution', method: 'GET', path: `/db/${key}/_changes`, as });
    }
    push({
      family: 'prototype-pollution',
      method: 'GET',
      path: `/api/cases/${key}`,
      as: rng.pick(world.users),
    });
    push({ family: 'prototype-pollution', method: 'GET', path: `/api/${key}`, as: rng.pick(world.users) });
  }
}

/** `_changes` with every absurd parameter, longpolls included (the client leaves after a few seconds). */
function changesParams(rng: Rng, world: HostileWorld, push: Push, n: number): void {
  for (let i = 0; i < n; i++) {
    const db = rng.pick(CLIENT_DBS);
    const params = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(QUERY_TRICKS));
    const longpoll = rng.chance(0.25);
    if (longpoll) params.push(rng.pick(['feed=longpoll', 'feed=longpoll&since=now']));
    push({
      family: 'changes-params',
      method: 'GET',
      path: `/db/${db}/_changes?${params.join('&')}`,
      as: rng.pick(world.identities),
      ...(longpoll ? { leaveAfterMs: 2500 } : {}),
    });
  }
}

/** Every endpoint as every identity: anonymous, forged, expired, logged out, disabled, other schemes. */
function identities(rng: Rng, world: HostileWorld, push: Push): void {
  for (const as of world.identities) {
    for (const ep of ENDPOINTS) {
      push({
        family: 'identities',
        method: ep.method,
        path: fill(rng, world, ep.path),
        as,
        ...(ep.json ? { headers: jsonHeaders(), body: rng.pick(GARBAGE_BODIES) } : {}),
      });
    }
  }
}

/** Odd headers: a foreign Host and Origin, spoofed forwarding, ranges, too many or too long headers. */
function oddHeaders(rng: Rng, world: HostileWorld, push: Push, n: number): void {
  const variants: Array<() => Record<string, string>> = [
    () => ({ host: 'evil.example', origin: 'http://evil.example' }),
    () => ({ origin: 'null' }),
    () => ({ origin: 'app://tertib.evil' }),
    () => ({ 'x-forwarded-for': '127.0.0.1, 10.0.0.1', 'x-forwarded-proto': 'https', 'x-real-ip': '::1' }),
    () => ({
      range: rng.pick(['bytes=999999999-', 'bytes=-0', 'bytes=0-1,2-3,4-5,6-7', 'bytes=x-y', 'lines=1-2']),
    }),
    () => ({ 'if-none-match': '*', 'if-match': '"x"', 'if-modified-since': 'yesterday' }),
    () => ({ 'accept-encoding': 'gzip;q=1e999, br, *' }),
    () => ({ expect: '100-continue' }),
    () => ({ 'x-http-method-override': 'DELETE', 'x-method-override': 'PUT' }),
    () => ({ 'x-long': 'x'.repeat(20_000) }),
    () => Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, String(i)])),
    () => ({ cookie: 'tertib_session=' + '%'.repeat(500) + '; ' + 'a=b; '.repeat(200) }),
    () => ({ 'accept-language': 'id'.repeat(3000) }),
  ];
  for (let i = 0; i < n; i++) {
    const ep = rng.pick(ENDPOINTS);
    push({
      family: 'odd-headers',
      method: rng.pick([ep.method, 'POST', 'OPTIONS']),
      path: fill(rng, world, ep.path),
      as: rng.pick(world.identities),
      headers: { ...jsonHeaders(), ...rng.pick(variants)() },
      ...(ep.json ? { body: rng.pick(GARBAGE_BODIES) } : {}),
    });
  }
}

/**
 * Writes that must be refused: documents naming another author, team or region, an event on a report the
 * sender may not see, a photo in someone else's name, and a report of one's own naming another team's photo.
 */
function hostileWrites(
  rng: Rng,
  world: HostileWorld,
  push: Push,
  stolenPhotos: (as: string) => string[],
): void {
  for (const as of world.users) {
    for (const target of world.targets.filter((t) => !t.readers.includes(as))) {
      const docs = [
        { _id: target.id, type: 'report', author: as, description: 'overwrite' },
        { _id: target.id, _rev: target.rev, _deleted: true },
        { _id: rng.uuid(), type: 'event', kind: 'commented', reportId: target.id, actor: as, text: 'x' },
        {
          _id: rng.uuid(),
          type: 'event',
          kind: 'assigned',
          reportId: target.id,
          actor: as,
          assignedOfficer: as,
        },
        { _id: target.id, type: 'photo', author: as, _attachments: { 'photo.jpg': { stub: true } } },
      ];
      for (const doc of docs) {
        push({
          family: 'hostile-writes',
          method: 'POST',
          path: `/db/${target.db}/_bulk_docs`,
          as,
          headers: jsonHeaders(),
          body: JSON.stringify({ docs: [doc], ...(rng.chance(0.3) ? { new_edits: false } : {}) }),
        });
      }
      push({
        family: 'hostile-writes',
        method: 'PUT',
        path: `/db/${target.db}/_local/..%2f..%2f${encodeURIComponent(target.id)}`,
        as,
        headers: jsonHeaders(),
        body: JSON.stringify({ _id: `_local/${target.id}`, x: 1 }),
      });
    }
    // A report of one's own that lists another team's photo (issue 9, item 3), then the photo by name.
    for (const sha of stolenPhotos(as)) {
      for (const name of ['photo.jpg', 'thumb.jpg']) {
        push({ family: 'hostile-writes', method: 'GET', path: `/db/photos/photo:${sha}/${name}`, as });
      }
    }
  }
}

export interface GeneratorOptions {
  /** Extra random requests on top of the enumerated ones. */
  random: number;
  /** Requests that must run first (e.g. a hostile report naming another team's photo), by sender. */
  stolenPhotos: (as: string) => string[];
}

/** All requests of one run, in a seeded order (the twins of a pair stay next to each other). */
export function generateHostileRequests(
  seed: number,
  world: HostileWorld,
  opts: GeneratorOptions,
): HostileRequest[] {
  const rng = new Rng(seed);
  const out: HostileRequest[] = [];
  const push: Push = (r) => {
    // Logging out would end the runner's own sessions: a real user's DELETE goes out as a forged one.
    const own = world.users.includes(r.as.split('@')[0] ?? '');
    if (own && r.method === 'DELETE' && /session/i.test(leniently(r.path))) out.push({ ...r, as: 'forged' });
    else out.push(r);
  };
  twinProbes(rng, world, push);
  crossUserReads(rng, world, push);
  identities(rng, world, push);
  hugeAndDeepBodies(rng, world, push);
  hostileWrites(rng, world, push, opts.stolenPhotos);
  const share = Math.ceil(opts.random / 5);
  pathsAndEncodings(rng, world, push, share);
  methodsAndContentTypes(rng, world, push, share);
  prototypePollution(rng, world, push, share);
  changesParams(rng, world, push, share);
  oddHeaders(rng, world, push, share);
  // Shuffle in units, so a twin pair is still sent together (both sides see the same state).
  const units: HostileRequest[][] = [];
  for (const r of out) {
    const last = units[units.length - 1];
    if (r.twin?.side === 'missing' && last) last.push(r);
    else units.push([r]);
  }
  return rng.shuffle(units).flat();
}

/** A path with ids, hashes, numbers and long runs replaced, for grouping like requests. */
export function pathShape(path: string): string {
  return path
    .replace(/%3a/gi, ':')
    .replace(/\/db\/(reports|events|photos)\b/, '/db/{db}')
    .replace(/\b\d+-[0-9a-f]{32}\b/g, '<rev>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[0-9a-f]{64}/gi, '<sha>')
    .replace(/(.)\1{40,}/g, (m, c: string) => `${c}…×${m.length}`)
    .replace(/(%[0-9a-f]{2}){30,}/gi, (m) => `%…×${m.length / 3}`)
    .slice(0, 160);
}

/** Every %XX decoded, up to three times, leniently: what a request could name in any encoding. */
export function leniently(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i++) {
    s = s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return s;
}
