// Who may write which document, decided the way CouchDB's validate_doc_update decides it. The sync-server
// calls authorizeWrite before forwarding a write; CouchDB runs the ES5 twin built by couch-validation.ts
// from the same rule data (WRITE_RULES) as the real user. Tests run both over the same table of cases, so
// the gateway never accepts a write that CouchDB would then refuse.

import { EVENT_KIND_ACTIONS, PERMISSIONS, can, ownershipOfEvent } from './permissions';
import { REPORT_SPEC } from './report';
import { EVENT_KINDS, EVENT_SPECS, isEventKind, type ReportEvent } from './report-events';
import { checkObject, isPlainObject, MAX_ERRORS, META_KEYS } from './schema';
import { TRANSITIONS, canChangeStatus } from './status';
import { REGION_ROLE_PREFIX, ROLES, TEAM_ROLE_PREFIX, userContextFromCouch, type UserContext } from './users';

/** CouchDB's userCtx, as validate_doc_update receives it. */
export interface CouchUserCtx {
  name: string | null;
  roles: readonly string[];
  db?: string;
}

export type WriteDecision = { ok: true } | { ok: false; error: 'forbidden' | 'unauthorized'; reason: string };

/** Everything the ES5 validator needs, as JSON-able data. Categories are not here: they are server data. */
export const WRITE_RULES = {
  maxErrors: MAX_ERRORS,
  metaKeys: META_KEYS,
  /** Left out of the immutability comparison: CouchDB sets them, or (`_deleted: false`) RxDB may. */
  volatileKeys: ['_rev', '_revisions', '_deleted'],
  roles: ROLES,
  teamPrefix: TEAM_ROLE_PREFIX,
  regionPrefix: REGION_ROLE_PREFIX,
  reportSpec: REPORT_SPEC,
  eventKinds: EVENT_KINDS,
  eventSpecs: EVENT_SPECS,
  permissions: PERMISSIONS,
  kindActions: EVENT_KIND_ACTIONS,
  transitions: TRANSITIONS,
} as const;

const forbidden = (reason: string): WriteDecision => ({ ok: false, error: 'forbidden', reason });

/** "An officer", "A supervisor", "An admin". */
const aRole = (role: string): string => ('aeiou'.indexOf(role.charAt(0)) !== -1 ? 'An ' : 'A ') + role;

/** JSON with sorted keys, for comparing two revisions' content. */
export function canonicalJson(value: unknown, skipKeys: readonly string[] = []): string {
  if (Array.isArray(value)) return '[' + value.map((v: unknown) => canonicalJson(v)).join(',') + ']';
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => skipKeys.indexOf(k) === -1 && o[k] !== undefined)
      .sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

export function authorizeWrite(newDoc: unknown, oldDoc: unknown, userCtx: CouchUserCtx): WriteDecision {
  const roles = Array.isArray(userCtx.roles) ? userCtx.roles : [];
  // Server workers and provisioning act as CouchDB admins; they are trusted and checked in the gateway.
  if (roles.indexOf('_admin') !== -1) return { ok: true };
  if (typeof userCtx.name !== 'string') {
    return { ok: false, error: 'unauthorized', reason: 'You must be logged in to write documents.' };
  }
  if (!isPlainObject(newDoc)) return forbidden('A document must be a JSON object.');
  if (typeof newDoc._id === 'string' && newDoc._id.indexOf('_design/') === 0) {
    return forbidden('Only server admins may change design documents.');
  }
  if (newDoc._deleted === true) return forbidden('Documents cannot be deleted.');
  const user = userContextFromCouch(userCtx.name, roles);
  if (!user) return forbidden('Your account has no valid role.');
  if (isPlainObject(oldDoc) && oldDoc._deleted !== true) {
    // A replicator may push the same revision content again (a retry); anything else is an edit, and
    // reports and events are append-only.
    const same =
      canonicalJson(newDoc, WRITE_RULES.volatileKeys) === canonicalJson(oldDoc, WRITE_RULES.volatileKeys);
    return same ? { ok: true } : forbidden('Documents are immutable: record a change as a new event.');
  }
  if (newDoc.type === 'report') return authorizeReport(newDoc, user);
  if (newDoc.type === 'event') return authorizeEvent(newDoc, user);
  return forbidden('type must be "report" or "event".');
}

function authorizeReport(doc: Record<string, unknown>, user: UserContext): WriteDecision {
  if (!can(user.role, 'report:create', 'own')) return forbidden(`${aRole(user.role)} may not file reports.`);
  const errors: string[] = [];
  checkObject(REPORT_SPEC, doc, 'report', errors, true);
  if (errors.length > 0) return forbidden('Invalid report: ' + errors.join('; '));
  if (doc.author !== user.name) return forbidden('report.author must be the logged-in user.');
  if (user.role === 'officer' && user.team === null) {
    return forbidden('An officer must belong to a team to file reports.');
  }
  // Filing into another team or region would hide a report from the people who must review it.
  if (doc.team !== user.team) return forbidden('report.team must be your own team.');
  if (doc.region !== user.region) return forbidden('report.region must be your own region.');
  return { ok: true };
}

function authorizeEvent(doc: Record<string, unknown>, user: UserContext): WriteDecision {
  const kind = doc.kind;
  if (!isEventKind(kind))
    return forbidden('Invalid event: event.kind must be one of: ' + EVENT_KINDS.join(', '));
  const errors: string[] = [];
  checkObject(EVENT_SPECS[kind], doc, 'event', errors, true);
  if (errors.length > 0) return forbidden('Invalid event: ' + errors.join('; '));
  const event = doc as unknown as ReportEvent;
  if (event.actor !== user.name) return forbidden('event.actor must be the logged-in user.');
  if (event.actorRole !== user.role) return forbidden('event.actorRole must be your role.');
  const action = EVENT_KIND_ACTIONS[kind];
  if (action === null) return forbidden(`Only the server may write "${kind}" events.`);
  // The denormalized author/team/region are taken at their word here; the gateway checks them against the
  // report itself, which validate_doc_update cannot read.
  if (!can(user.role, action, ownershipOfEvent(user, event))) {
    return forbidden(`${aRole(user.role)} may not write "${kind}" events for this report.`);
  }
  if (event.kind === 'status-changed' && !canChangeStatus(user.role, event.from, event.to)) {
    return forbidden(`${aRole(user.role)} may not change a report from ${event.from} to ${event.to}.`);
  }
  return { ok: true };
}
