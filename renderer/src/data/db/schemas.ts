// The RxDB collections of the local database. Written as literals on purpose, not generated from the domain
// specs: RxDB hashes each schema and refuses to open an existing database whose schema changed without a
// version bump (error DB6), so a harmless change to a domain limit must not silently become a storage
// change. The shape mirrors the domain types (schemas.test.ts checks every field is here); the *rules*
// (lengths, formats, ranges) stay in domain/ and are applied by `validateReport` before every write —
// RxDB's own validators are not used, so the bounds below are only what RxDB needs for its indexes.

import type { RxJsonSchema } from 'rxdb';
import type { Photo, Report } from '../../../../domain/report';
import type { ReportEvent } from '../../../../domain/report-events';
import type { SyncState } from '../contracts';

const ISO_TIME = { type: 'string', maxLength: 24 } as const;

/** Every optional or kind-specific field of any event kind, flattened into one stored shape. */
export type EventDoc = ReportEvent & {
  note?: string;
  reason?: string;
  unit?: string;
  from?: string;
  to?: string;
  assignedTeam?: string | null;
  assignedOfficer?: string | null;
  text?: string;
  sha256?: string;
  duplicateOf?: string;
  photos?: Photo[];
};

export interface ReportSyncDoc {
  id: string;
  state: SyncState;
  rejectionReason: string | null;
  updatedAt: string;
}

const photoItems = {
  type: 'object',
  properties: {
    sha256: { type: 'string' },
    bytes: { type: 'number' },
    width: { type: 'number' },
    height: { type: 'number' },
  },
  required: ['sha256', 'bytes', 'width', 'height'],
} as const;

const areaRef = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' } },
  required: ['code', 'name'],
} as const;

const locationObject = {
  type: 'object',
  properties: {
    lat: { type: 'number' },
    lng: { type: 'number' },
    accuracyM: { type: 'number' },
    source: { type: 'string' },
    fixedAt: { type: 'string' },
  },
  required: ['lat', 'lng', 'accuracyM', 'source', 'fixedAt'],
} as const;

/**
 * Version 1 added two optional fields: `deviceFix` (issue 12, the device's own fix beside a manual point) and
 * `signature` (issue 11, the device's signature at creation). A version-0 report is a valid version-1 one;
 * reports stored before signing stay as they are (*tanpa tanda tangan*).
 */
export const REPORT_MIGRATIONS = { 1: (doc: Report): Report => doc };

export const REPORT_SCHEMA: RxJsonSchema<Report> = {
  title: 'report',
  description: 'A violation report as the officer filed it (domain Report); immutable once saved.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['report'] },
    id: { type: 'string', maxLength: 36 },
    categoryId: { type: 'string' },
    description: { type: 'string' },
    placeNote: { type: 'string' },
    location: { ...locationObject, type: ['object', 'null'] },
    deviceFix: locationObject,
    capturedAt: { type: 'string' },
    createdAt: ISO_TIME,
    photos: { type: 'array', items: photoItems },
    author: { type: 'string', maxLength: 64 },
    team: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    area: {
      type: 'object',
      properties: { kelurahan: areaRef, kecamatan: areaRef, kota: areaRef },
      required: ['kelurahan', 'kecamatan', 'kota'],
    },
    deviceId: { type: 'string' },
    appVersion: { type: 'string' },
    schemaVersion: { type: 'number' },
    signature: { type: 'string' },
  },
  required: [
    'type',
    'id',
    'categoryId',
    'description',
    'location',
    'capturedAt',
    'createdAt',
    'photos',
    'author',
    'team',
    'region',
    'deviceId',
    'appVersion',
    'schemaVersion',
  ],
  indexes: ['createdAt', ['author', 'createdAt']],
  // Encrypted with the user's data key (RxDB encryption-crypto-js, issue 13). Plain, because local queries
  // select or sort on them: ids, times, category, author/team/region (account and unit ids), device, versions.
  encrypted: ['description', 'placeNote', 'location', 'area', 'photos'],
};

/** Local only, never replicated: where each report stands between this device and the server. */
export const REPORT_SYNC_SCHEMA: RxJsonSchema<ReportSyncDoc> = {
  title: 'report sync state',
  description: 'Per report: pending until the server confirms it holds it (written by the sync issue).',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    state: { type: 'string', enum: ['pending', 'sending', 'confirmed', 'rejected'], maxLength: 16 },
    rejectionReason: { type: ['string', 'null'] },
    updatedAt: ISO_TIME,
  },
  required: ['id', 'state', 'rejectionReason', 'updatedAt'],
  indexes: ['state'],
};

export const EVENT_SCHEMA: RxJsonSchema<EventDoc> = {
  title: 'report event',
  description: 'Append-only events about a report (domain ReportEvent); status is folded from them.',
  // 1: `photos`, the "after" photos of a closing event (issue 5). 2: the signed-event fields `deviceId`,
  // `reportHash`, `prev`, `signature` (issue 11). See EVENT_MIGRATIONS.
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['event'] },
    id: { type: 'string', maxLength: 36 },
    reportId: { type: 'string', maxLength: 36 },
    kind: { type: 'string' },
    actor: { type: 'string' },
    actorRole: { type: 'string' },
    at: ISO_TIME,
    reportAuthor: { type: 'string' },
    reportTeam: { type: ['string', 'null'] },
    reportRegion: { type: ['string', 'null'] },
    note: { type: 'string' },
    reason: { type: 'string' },
    unit: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    assignedTeam: { type: ['string', 'null'] },
    assignedOfficer: { type: ['string', 'null'] },
    text: { type: 'string' },
    sha256: { type: 'string' },
    duplicateOf: { type: 'string' },
    photos: { type: 'array', items: photoItems },
    deviceId: { type: 'string' },
    reportHash: { type: 'string' },
    prev: { type: ['string', 'null'] },
    signature: { type: 'string' },
  },
  required: [
    'type',
    'id',
    'reportId',
    'kind',
    'actor',
    'actorRole',
    'at',
    'reportAuthor',
    'reportTeam',
    'reportRegion',
  ],
  indexes: ['reportId'],
  // Plain for the local queries: ids, kind, actor and role, time, the report's author/team/region, statuses.
  encrypted: ['note', 'reason', 'unit', 'assignedTeam', 'assignedOfficer', 'text', 'sha256', 'duplicateOf', 'photos'],
};

/** Where an event written on this device stands: `refused` events stay in history but fold into nothing. */
export type EventSyncState = 'pending' | 'sent' | 'refused';

export interface EventSyncDoc {
  id: string;
  state: EventSyncState;
  reason: string | null;
  updatedAt: string;
}

/**
 * Local only, never replicated: one row per event written on this device (review actions, comments). Events
 * pulled from the server have no row: the server holds them. A new collection, not a new version of an old
 * one, so existing databases open unchanged.
 */
export const EVENT_SYNC_SCHEMA: RxJsonSchema<EventSyncDoc> = {
  title: 'event sync state',
  description: 'Per own event: pending until the server stored it, refused with its reason otherwise.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    state: { type: 'string', enum: ['pending', 'sent', 'refused'], maxLength: 16 },
    reason: { type: ['string', 'null'] },
    updatedAt: ISO_TIME,
  },
  required: ['id', 'state', 'reason', 'updatedAt'],
  indexes: ['state'],
};

/**
 * Version 1 only added an optional field, so a version-0 event is a valid version-1 event as it stands.
 * The strategy still has to exist: without one RxDB refuses to open a collection stored under an older
 * version (DM4), and with the migration-schema plugin it migrates the stored events on open.
 */
export const EVENT_MIGRATIONS = {
  1: (doc: EventDoc): EventDoc => doc,
  // 2 only added optional fields too: events stored before signing stay as they are (unsigned).
  2: (doc: EventDoc): EventDoc => doc,
};

/** Four collections per user database: well under the free RxDB limit of 13 open at once. */
export const COLLECTIONS = {
  reports: { schema: REPORT_SCHEMA, migrationStrategies: REPORT_MIGRATIONS },
  report_sync: { schema: REPORT_SYNC_SCHEMA },
  events: { schema: EVENT_SCHEMA, migrationStrategies: EVENT_MIGRATIONS },
  event_sync: { schema: EVENT_SYNC_SCHEMA },
} as const;
