// Runs a write through both deciders: the generated validate_doc_update (evaluated as CouchDB would) and
// the gateway's authorizeWrite. Shared by the couch-validation tests; not part of the public API.

import { buildValidateDocUpdate } from './couch-validation';
import type { ReportEvent } from './report-events';
import { aReport, anEvent } from './test-fixtures';
import { authorizeWrite, type CouchUserCtx, type WriteDecision } from './write-rules';

export type Doc = Record<string, unknown>;
type ValidateFn = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

export const source = buildValidateDocUpdate();
// Evaluated the way CouchDB's query server does: the source is a function expression.
const validate = new Function('return (' + source + ')')() as ValidateFn;

/** What CouchDB hands the function is parsed JSON: no undefined, no NaN, no prototypes. */
export const json = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function viaCouch(newDoc: unknown, oldDoc: unknown, userCtx: CouchUserCtx): WriteDecision {
  try {
    validate(json(newDoc), json(oldDoc) ?? null, json(userCtx), { admins: {}, members: {} });
    return { ok: true };
  } catch (e) {
    const thrown = e as Record<string, string>;
    if (typeof thrown.forbidden === 'string')
      return { ok: false, error: 'forbidden', reason: thrown.forbidden };
    if (typeof thrown.unauthorized === 'string') {
      return { ok: false, error: 'unauthorized', reason: thrown.unauthorized };
    }
    throw e;
  }
}

export const viaGateway = (newDoc: unknown, oldDoc: unknown, userCtx: CouchUserCtx): WriteDecision =>
  authorizeWrite(json(newDoc), json(oldDoc) ?? null, json(userCtx));

export const ctx = (name: string | null, ...roles: string[]): CouchUserCtx => ({
  name,
  roles,
  db: 'reports',
});
export const BUDI = ctx('budi', 'officer', 'team:regu-1', 'region:jaksel');
export const ANI = ctx('ani', 'officer', 'team:regu-1', 'region:jaksel');
export const LONE = ctx('budi', 'officer', 'region:jaksel');
export const SARI = ctx('sari', 'supervisor', 'region:jaksel');
export const TONO = ctx('tono', 'supervisor', 'region:jaktim');
export const ADM = ctx('adm', 'admin');
export const SERVER = ctx('tertib-server', '_admin');
export const ANON = ctx(null);

export const rxdbForm = (doc: Doc): Doc => {
  const { id, ...rest } = doc;
  return { ...rest, _id: id, _deleted: false };
};
export const stored = (doc: Doc): Doc => ({
  ...doc,
  _id: doc.id as string,
  _rev: '1-967a00dff5e02add41819138abb3284d',
});
export const ev = (kind: ReportEvent['kind'], over: Doc = {}): Doc => anEvent(kind, over) as unknown as Doc;
export const report = (over: Doc = {}): Doc => ({ ...aReport(), ...over });
export const sariEvent = (kind: ReportEvent['kind'], over: Doc = {}): Doc =>
  ev(kind, { actor: 'sari', ...over });
export const budiEvent = (kind: ReportEvent['kind'], over: Doc = {}): Doc =>
  ev(kind, { actor: 'budi', actorRole: 'officer', ...over });
