// The raw material of the hostile-request suite (see hostile-generator.ts): a seeded random source, and
// tables of the paths, parameters, bodies, content types and methods that no well-behaved client sends.

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: small, fast, and the same on every platform. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += this.int(256).toString(16).padStart(2, '0');
    return s;
  }
  uuid(): string {
    const h = this.hex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

/** Path segments that try to climb out, hide a NUL, or smuggle dots and slashes past a decoder. */
export const PATH_TRICKS = [
  '..',
  '%2e%2e',
  '%2E%2e',
  '.%2e',
  '%252e%252e',
  '%c0%ae%c0%ae',
  '%e0%80%ae%e0%80%ae',
  '%ef%bc%8e%ef%bc%8e',
  '..%2f..%2f_users',
  '..%5c..',
  '..\\..',
  '%2e%2e%2f%2e%2e%2f_all_dbs',
  '...',
  '.',
  '%00',
  'x%00.jpg',
  '%',
  '%zz',
  '%ff%fe',
  '%c3%28',
  '\u00e9\u00ff\u00c0',
  '%e2%80%ae',
  '%f0%9f%98%80',
  '%ed%a0%80',
  '_users',
  '_all_dbs',
  '_design%2ftertib',
  '_design/tertib/_view/by_photo',
  '_session',
  '__proto__',
  'constructor',
  'prototype',
  'A'.repeat(5000),
  '%41'.repeat(3000),
  'x'.repeat(20_000),
];

/** Query parameters no client sends. */
export const QUERY_TRICKS = [
  'since=-1',
  'since=1e308',
  'since=99999999999999999999999999999',
  'since=NaN',
  'since=%00',
  'since=[]',
  'since={"a":1}',
  'since=' + '9'.repeat(200),
  'since=' + '9'.repeat(201),
  'since=0&since=1',
  'since[]=1',
  'limit=0',
  'limit=-1',
  'limit=1e20',
  'limit=1.5',
  'limit=abc',
  'limit=999999999',
  'limit=10001',
  'limit[$gt]=0',
  'include_docs=true',
  'include_docs=1',
  'attachments=true',
  'revs=true',
  'revs_info=true',
  'conflicts=true',
  'latest=true',
  'open_revs=all',
  'open_revs=x',
  'open_revs=[',
  'open_revs=[]',
  'open_revs=["1-x"]',
  'open_revs=[1,2]',
  'open_revs=' + '['.repeat(5000),
  'keys=[',
  'keys={}',
  'keys=["a",1]',
  'keys=' + encodeURIComponent(JSON.stringify(Array.from({ length: 300 }, (_, i) => `k${i}`))),
  'startkey="_design/"',
  'endkey="\ufff0"',
  'filter=_view&view=tertib/by_photo',
  'filter=_doc_ids&doc_ids=["x"]',
  'descending=true',
  'style=all_docs',
  'style=<script>',
  'feed=continuous',
  'feed=eventsource',
  'feed=LONGPOLL',
  'feed[]=normal',
  'heartbeat=-1',
  'heartbeat=0',
  'heartbeat=1e12',
  'timeout=-5',
  'timeout=0',
  'timeout=99999999999999',
  '__proto__[role]=admin',
  'constructor[prototype][role]=admin',
  '__proto__=x',
  'from=2025-02-30',
  'from=9999-99-99&to=0000-00-00',
  'from[]=1',
  'to=' + 'x'.repeat(3000),
  '%zz=%zz',
  'a=%00%ff',
  '=&&==&',
];

export function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

export function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** JSON texts that try to reach Object.prototype through a parser or a spread. */
export const PROTO_BODIES = [
  '{"__proto__":{"role":"admin","isAdmin":true,"team":"regu-1","region":"jakarta-pusat"}}',
  '{"constructor":{"prototype":{"role":"admin","polluted":"yes"}}}',
  '{"docs":[{"_id":"__proto__","__proto__":{"author":"x"}}]}',
  '{"docs":[{"_id":"constructor","constructor":{"prototype":{"author":"x"}}}]}',
  '{"keys":["__proto__","constructor","toString","hasOwnProperty"],"__proto__":{"include_docs":true}}',
  '{"__proto__":["1-a"],"constructor":["1-b"],"prototype":["1-c"]}',
  '{"docs":[{"id":"__proto__"},{"id":"constructor","rev":"1-x"}],"__proto__":{"latest":true}}',
  '{"name":"__proto__","password":"x","__proto__":{"role":"admin"}}',
  '{"name":"constructor","password":"prototype","role":"admin","__proto__":{"team":"regu-1"}}',
  '{"_id":"_local/__proto__","__proto__":{"_id":"_local/x"},"constructor":{"prototype":{"x":1}}}',
];

/** Bodies that are not JSON, or are JSON no endpoint expects. */
export const GARBAGE_BODIES: ReadonlyArray<string | Buffer> = [
  '',
  '{',
  '{"docs":[',
  'null',
  'true',
  '"docs"',
  '1e999',
  '-0',
  '123456789012345678901234567890',
  '[]',
  '[{}]',
  '{}',
  '{"docs":null}',
  '{"docs":{}}',
  '{"docs":"x"}',
  '{"docs":[null,1,"x",[],{}]}',
  '{"docs":[{"_id":5}]}',
  '{"docs":[{"id":5}]}',
  '{"docs":[{"id":"x","rev":5}]}',
  '{"docs":[{"_id":""}]}',
  '{"docs":[{"_id":"_design/tertib","views":{}}]}',
  '{"docs":[{"_id":"_local/x"}]}',
  '{"docs":[{"_id":"x","_deleted":true}]}',
  '{"docs":[{"_id":"x","_attachments":{"a":{"data":"!!!"}}}]}',
  '{"docs":[],"new_edits":false}',
  '{"docs":[],"new_edits":"false"}',
  '{"keys":null}',
  '{"keys":[null]}',
  '{"keys":"x"}',
  '{"keys":[{}]}',
  '{"name":["a"],"password":{"$ne":null}}',
  '{"name":"a\\u0000b","password":"x"}',
  '{"name":"\\ud800","password":"\\udfff"}',
  '{"a":1,"a":2}',
  '{"a":NaN}',
  '{"a":1,}',
  '// comment\n{}',
  '\ufeff{}',
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
  Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
  '<?xml version="1.0"?><docs/>',
  '--x\r\nContent-Disposition: form-data; name="docs"\r\n\r\n[]\r\n--x--\r\n',
  'docs=%5B%5D&__proto__[x]=1',
];

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/json; charset=nonsense',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/related; boundary=x',
  'application/octet-stream',
  'image/jpeg',
  '*/*',
  'application/json, text/plain',
  'application/json;' + ';'.repeat(500),
  'x'.repeat(4000),
];

export const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'COPY',
  'PROPFIND',
  'TRACE',
];

/** Every endpoint, with a placeholder `{db}` and `{id}` where the runner's world fills them in. */
export const ENDPOINTS: ReadonlyArray<{ method: string; path: string; json?: boolean }> = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/session' },
  { method: 'POST', path: '/api/session', json: true },
  { method: 'DELETE', path: '/api/session' },
  { method: 'GET', path: '/api/users' },
  { method: 'POST', path: '/api/users', json: true },
  { method: 'POST', path: '/api/users/{name}/disable' },
  { method: 'GET', path: '/api/directory' },
  { method: 'GET', path: '/api/categories' },
  { method: 'GET', path: '/api/capture-settings' },
  { method: 'GET', path: '/api/areas' },
  { method: 'GET', path: '/api/cases/{id}' },
  { method: 'GET', path: '/api/stats' },
  { method: 'GET', path: '/api/public/stats' },
  { method: 'GET', path: '/public' },
  { method: 'GET', path: '/db/' },
  { method: 'GET', path: '/db/{db}' },
  { method: 'GET', path: '/db/{db}/_changes' },
  { method: 'GET', path: '/db/{db}/_all_docs' },
  { method: 'POST', path: '/db/{db}/_all_docs', json: true },
  { method: 'POST', path: '/db/{db}/_bulk_docs', json: true },
  { method: 'POST', path: '/db/{db}/_ensure_full_commit' },
  { method: 'POST', path: '/db/{db}/_revs_diff', json: true },
  { method: 'POST', path: '/db/{db}/_bulk_get', json: true },
  { method: 'GET', path: '/db/{db}/_local/{local}' },
  { method: 'PUT', path: '/db/{db}/_local/{local}', json: true },
  { method: 'GET', path: '/db/{db}/{id}' },
  { method: 'GET', path: '/db/photos/{photo}/photo.jpg' },
  { method: 'GET', path: '/db/photos/{photo}/thumb.jpg' },
  { method: 'GET', path: '/{unknown}' },
];

/** Paths no endpoint serves: the backend's own, other databases, design documents, files on disk. */
export const UNKNOWN_PATHS = [
  '_utils',
  '_session',
  '_all_dbs',
  '_users/org.couchdb.user:x',
  '_config',
  '_node/_local/_config',
  'db/_users',
  'db/_replicator',
  'db/tertib_sessions',
  'db/tertib_config',
  'db/tertib_thumbnails',
  'db/tertib_devices',
  'db/reports/_design/tertib',
  'db/reports/_design/tertib/_view/by_photo',
  'db/reports/_find',
  'db/reports/_index',
  'db/reports/_security',
  'db/reports/_purge',
  'db/reports/_compact',
  'db/reports/_changes/x',
  'db/events/_all_docs/x',
  'db/__proto__',
  'db/constructor/_changes',
  'db/toString/x',
  'db/hasOwnProperty/_all_docs',
  'api',
  'api/',
  'api/admin',
  'api/ready',
  'api/metrics',
  'api/basemap.pmtiles',
  'api/evidence/key',
  'api/../db/reports',
  '.env',
  'server.json',
  'embedded-admin.json',
  'public/..',
  'public/.%2e/server.json',
  'favicon.ico',
  'index.html',
  'assets/..%2f..%2fserver.json',
];
