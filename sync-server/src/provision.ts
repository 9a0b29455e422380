import crypto from 'node:crypto';
import { DEFAULT_CATEGORIES } from '../../domain/categories';
import { buildValidateDocUpdate } from '../../domain/couch-validation';
import { scopeValidateDocUpdate } from '../../domain/deployment-names';
import { PHOTO_VALIDATE_DOC_UPDATE } from '../../domain/photo-rules';
import { type Couch, type DbNames, couchStatus, isConflict, isNotFound } from './couch';
import { ASSIGNMENTS_VIEW_MAP } from './sync/assignments';
import { reportStatesDesignDoc } from './stats/views';

// Provisioning runs at every start and must be idempotent: running it twice leaves the same state. It only
// ever runs with admin credentials (an anonymous PUT /db crashes the embedded backend; DESIGN.md).

export interface SecurityObject {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

/** Client data: readable and writable by any Tertib role, but only through the gateway acting as the user. */
const CLIENT_DB_SECURITY: SecurityObject = {
  admins: { names: [], roles: [] },
  members: { names: [], roles: ['officer', 'supervisor', 'admin'] },
};

/** Server-only data (sessions, the server secret): server admins only. CouchDB 3 treats `_admin` as implied. */
const SERVER_DB_SECURITY: SecurityObject = {
  admins: { names: [], roles: [] },
  members: { names: [], roles: ['_admin'] },
};

export const DESIGN_DOC_ID = '_design/tertib';
export const SECRET_DOC_ID = 'server-secret';
export const CATEGORIES_DOC_ID = 'categories';

export interface ProvisionResult {
  created: string[];
  updated: string[];
}

async function ensureDb(couch: Couch, name: string, result: ProvisionResult): Promise<void> {
  try {
    await couch.db.create(name);
    result.created.push(name);
  } catch (err) {
    // 412: exists already. Anything else (401, network) is a real failure.
    if (couchStatus(err) !== 412) throw err;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function ensureSecurity(couch: Couch, db: string, security: SecurityObject, result: ProvisionResult) {
  const current = (await couch.request({ db, path: '_security', method: 'get' })) as Partial<SecurityObject>;
  if (sameJson({ admins: current.admins, members: current.members }, security)) return;
  await couch.request({ db, path: '_security', method: 'put', body: security });
  result.updated.push(`${db}/_security`);
}

async function ensureDesignDoc(
  couch: Couch,
  db: string,
  design: Record<string, unknown>,
  result: ProvisionResult,
): Promise<void> {
  const scope = couch.use<Record<string, unknown>>(db);
  let existing: Record<string, unknown> | null = null;
  try {
    existing = (await scope.get(DESIGN_DOC_ID)) as Record<string, unknown>;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (existing) {
    const { _id: _i, _rev, ...body } = existing;
    if (sameJson(body, design)) return;
    await scope.insert({ ...design, _id: DESIGN_DOC_ID, _rev: _rev as string });
  } else {
    await scope.insert({ ...design, _id: DESIGN_DOC_ID });
  }
  result.updated.push(`${db}/${DESIGN_DOC_ID}`);
}

export function reportsDesignDoc(prefix: string): Record<string, unknown> {
  return {
    language: 'javascript',
    validate_doc_update: scopeValidateDocUpdate(buildValidateDocUpdate(), prefix),
    views: {
      // Which reports refer to a photo: a supervisor may fetch a photo on demand when they may read one.
      by_photo: {
        map: "function (doc) { if (doc.type === 'report' && doc.photos) { for (var i = 0; i < doc.photos.length; i++) { emit(doc.photos[i].sha256, null); } } }",
      },
    },
  };
}

export function eventsDesignDoc(prefix: string): Record<string, unknown> {
  return {
    language: 'javascript',
    validate_doc_update: scopeValidateDocUpdate(buildValidateDocUpdate(), prefix),
    views: {
      // Each report's `assigned` events: the gateway lets the assigned team or officer read the report.
      assignments: { map: ASSIGNMENTS_VIEW_MAP },
      // A report's events: one case read whole (`GET /api/cases/:id`) and the worker that folds them into
      // the report's state (workers/report-states.ts).
      by_report: {
        map: "function (doc) { if (doc.type === 'event' && doc.reportId) { emit(doc.reportId, null); } }",
      },
      // "After" photos of closed cases (issue 5): a photo may be viewed through an event that shows it.
      by_photo: {
        map: "function (doc) { if (doc.type === 'event' && doc.photos) { for (var i = 0; i < doc.photos.length; i++) { emit(doc.photos[i].sha256, null); } } }",
      },
    },
  };
}

export function photosDesignDoc(prefix: string): Record<string, unknown> {
  return {
    language: 'javascript',
    validate_doc_update: scopeValidateDocUpdate(PHOTO_VALIDATE_DOC_UPDATE, prefix),
  };
}

export async function provision(couch: Couch, names: DbNames): Promise<ProvisionResult> {
  const result: ProvisionResult = { created: [], updated: [] };
  // A fresh CouchDB 3 single node has no system databases until they are created.
  await ensureDb(couch, '_users', result);
  await ensureDb(couch, '_replicator', result);
  for (const db of [names.reports, names.events, names.photos]) {
    await ensureDb(couch, db, result);
    await ensureSecurity(couch, db, CLIENT_DB_SECURITY, result);
  }
  for (const db of [
    names.sessions,
    names.config,
    names.thumbnails,
    names.states,
    names.devices,
    names.evidence,
    names.coordination,
  ]) {
    await ensureDb(couch, db, result);
    await ensureSecurity(couch, db, SERVER_DB_SECURITY, result);
  }
  await ensureDesignDoc(couch, names.reports, reportsDesignDoc(names.prefix), result);
  await ensureDesignDoc(couch, names.events, eventsDesignDoc(names.prefix), result);
  await ensureDesignDoc(couch, names.photos, photosDesignDoc(names.prefix), result);
  await ensureDesignDoc(couch, names.states, reportStatesDesignDoc(), result);
  await ensureSecret(couch, names.config);
  if (await ensureCategories(couch, names.config))
    result.created.push(`${names.config}/${CATEGORIES_DOC_ID}`);
  return result;
}

/** The server secret that derives each user's backend credentials. Made once, kept in the admin-only config db. */
export async function ensureSecret(couch: Couch, configDb: string): Promise<string> {
  const scope = couch.use<{ value: string }>(configDb);
  try {
    return (await scope.get(SECRET_DOC_ID)).value;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    const value = crypto.randomBytes(32).toString('hex');
    await scope.insert({ _id: SECRET_DOC_ID, value });
    return value;
  } catch (err) {
    // Another process (the CLI, a second node) made it first: use theirs.
    if (!isConflict(err)) throw err;
    return (await scope.get(SECRET_DOC_ID)).value;
  }
}

/**
 * Categories are data: seeded once from the defaults, then owned by the administrators (an edited list is
 * never overwritten by a restart).
 */
async function ensureCategories(couch: Couch, configDb: string): Promise<boolean> {
  try {
    await couch
      .use<{ categories: unknown }>(configDb)
      .insert({ _id: CATEGORIES_DOC_ID, categories: DEFAULT_CATEGORIES });
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}
