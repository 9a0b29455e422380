// What happens to a report after it is filed: append-only event documents. Each carries the report's
// author, team and region so the sync-server can filter who may read it without looking the report up.

import { NOT_BLANK_RE, SHA256_RE } from './formats';
import {
  DEVICE_ID_SPEC,
  DOC_ID_SPEC,
  SIGNATURE_SPEC,
  ISO_TIME_SPEC,
  PHOTO_SPEC,
  REPORT_LIMITS,
  SLUG_SPEC,
  USER_NAME_SPEC,
  type Photo,
} from './report';
import { invalid, valid, type Validation } from './result';
import { checkObject, isPlainObject, type FieldSpec, type ObjectSpec } from './schema';
import { STATUSES, type Status } from './status';
import { ROLES, type Role } from './users';

export const EVENT_KINDS = [
  'submitted',
  'verified',
  'rejected',
  'disposed',
  'status-changed',
  'assigned',
  'commented',
  'photo-received',
  'linked-duplicate',
] as const;
export type ReportEventKind = (typeof EVENT_KINDS)[number];

export interface EventBase {
  type: 'event';
  id: string;
  reportId: string;
  actor: string;
  actorRole: Role;
  at: string;
  reportAuthor: string;
  reportTeam: string | null;
  reportRegion: string | null;
  /**
   * Signed events (issue 11): the device that signed, the hash of the report and of the latest event of the
   * report the device knew (null: none), and the signature. Events made before signing carry none of them.
   */
  deviceId?: string;
  reportHash?: string;
  prev?: string | null;
  signature?: string;
}

export type ReportEvent =
  | (EventBase & { kind: 'submitted' })
  | (EventBase & { kind: 'verified'; note?: string })
  | (EventBase & { kind: 'rejected'; reason: string })
  | (EventBase & { kind: 'disposed'; unit: string; note?: string })
  | (EventBase & { kind: 'status-changed'; from: Status; to: Status; note?: string; photos?: Photo[] })
  | (EventBase & { kind: 'assigned'; assignedTeam: string | null; assignedOfficer: string | null })
  | (EventBase & { kind: 'commented'; text: string })
  | (EventBase & { kind: 'photo-received'; sha256: string })
  | (EventBase & { kind: 'linked-duplicate'; duplicateOf: string });

export type ReportEventOf<K extends ReportEventKind> = Extract<ReportEvent, { kind: K }>;

export const EVENT_LIMITS = { noteMax: 1000, reasonMax: 1000, unitMax: 200, commentMax: 2000 } as const;

const text = (max: number, optional = false): FieldSpec =>
  optional
    ? { t: 'str', min: 1, max, re: [NOT_BLANK_RE], optional: true }
    : { t: 'str', min: 1, max, re: [NOT_BLANK_RE] };
const SHA256_SPEC: FieldSpec = { t: 'str', min: 64, max: 64, re: [SHA256_RE] };
const status: FieldSpec = { t: 'str', min: 1, max: 16, oneOf: STATUSES };

function eventSpec(
  kind: ReportEventKind,
  extra: Record<string, FieldSpec>,
  rules: Pick<ObjectSpec, 'anyOf' | 'distinct' | 'onlyWhen'> = {},
): ObjectSpec {
  return {
    t: 'obj',
    fields: {
      type: { t: 'const', value: 'event' },
      id: DOC_ID_SPEC,
      reportId: DOC_ID_SPEC,
      kind: { t: 'const', value: kind },
      actor: USER_NAME_SPEC,
      actorRole: { t: 'str', min: 1, max: 16, oneOf: ROLES },
      at: ISO_TIME_SPEC,
      reportAuthor: USER_NAME_SPEC,
      reportTeam: { ...SLUG_SPEC, nullable: true },
      reportRegion: { ...SLUG_SPEC, nullable: true },
      deviceId: { ...DEVICE_ID_SPEC, optional: true },
      reportHash: { ...SHA256_SPEC, optional: true },
      prev: { ...SHA256_SPEC, nullable: true, optional: true },
      signature: SIGNATURE_SPEC,
      ...extra,
    },
    ...rules,
  };
}

/** One spec per kind; the `kind` field picks which applies. */
export const EVENT_SPECS: Record<ReportEventKind, ObjectSpec> = {
  submitted: eventSpec('submitted', {}),
  verified: eventSpec('verified', { note: text(EVENT_LIMITS.noteMax, true) }),
  rejected: eventSpec('rejected', { reason: text(EVENT_LIMITS.reasonMax) }),
  disposed: eventSpec('disposed', {
    unit: text(EVENT_LIMITS.unitMax),
    note: text(EVENT_LIMITS.noteMax, true),
  }),
  'status-changed': eventSpec(
    'status-changed',
    {
      from: status,
      to: status,
      note: text(EVENT_LIMITS.noteMax, true),
      // "After" photos of the closed case (issue 5). The bound is the report's: the configured maximum is
      // at most that, and the app checks the configured one (case-actions.ts finishEvent).
      photos: { t: 'arr', min: 1, max: REPORT_LIMITS.maxPhotos, items: PHOTO_SPEC, optional: true },
    },
    { distinct: [['from', 'to']], onlyWhen: [['photos', 'to', 'selesai']] },
  ),
  assigned: eventSpec(
    'assigned',
    {
      assignedTeam: { ...SLUG_SPEC, nullable: true },
      assignedOfficer: { ...USER_NAME_SPEC, nullable: true },
    },
    { anyOf: ['assignedTeam', 'assignedOfficer'] },
  ),
  commented: eventSpec('commented', { text: text(EVENT_LIMITS.commentMax) }),
  'photo-received': eventSpec('photo-received', { sha256: { t: 'str', min: 64, max: 64, re: [SHA256_RE] } }),
  'linked-duplicate': eventSpec(
    'linked-duplicate',
    { duplicateOf: DOC_ID_SPEC },
    { distinct: [['duplicateOf', 'reportId']] },
  ),
};

export const isEventKind = (v: unknown): v is ReportEventKind =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SPECS, v);

/** Validates an event document (also in its CouchDB form); the value holds only known fields. */
export function validateReportEvent(input: unknown): Validation<ReportEvent> {
  if (!isPlainObject(input)) return invalid(['event must be an object']);
  const kind = input.kind;
  if (!isEventKind(kind)) return invalid([`event.kind must be one of: ${EVENT_KINDS.join(', ')}`]);
  const errors: string[] = [];
  const value = checkObject(EVENT_SPECS[kind], input, 'event', errors, true);
  return errors.length > 0 || !value ? invalid(errors) : valid(value as unknown as ReportEvent);
}
