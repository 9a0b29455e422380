// Opens the signed-in user's local database: RxDB on the free Dexie (IndexedDB) storage, three collections
// and the draft as a local document. Never with RxDB's dev-mode plugin: it injects a tracking iframe.

import { addRxPlugin, createRxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createFollowUp, type FollowUp } from '../follow-up/follow-up';
import { localDatabaseName } from './db-name';
import { createDraftStore, type DraftStore } from './draft-store';
import { createReportRepository, type ReportRepository } from './report-repository';
import { createReportSyncStore, type ReportSyncStore } from './report-sync-store';
import { createCaseStore, type CaseStore } from './case-store';
import { createEventSyncStore, type EventSyncStore } from './event-sync-store';
import { createSyncMetaStore, type SyncMetaStore } from './sync-meta';
import { COLLECTIONS } from './schemas';
import type { TertibCollections, TertibRxDatabase } from './types';
import type { DeviceSigner } from '../device-key/device-key';

export {
  CORRECTABLE_FIELDS,
  CorrectionNotAllowedError,
  InvalidReportError,
  ReportConflictError,
  type ReportRepository,
} from './report-repository';
export type { OutboxEntry, ReportSyncStore } from './report-sync-store';
export type { CaseEvent, CaseStore, CaseView, FetchedCaseData, KnownNames } from './case-store';
export type { EventSyncStore } from './event-sync-store';
export type { SyncMeta, SyncMetaStore } from './sync-meta';
export type { TertibCollections } from './types';
export type { DraftStore } from './draft-store';
export { localDatabaseName, photoVaultName, userDataKey } from './db-name';

addRxPlugin(RxDBLocalDocumentsPlugin);
// Collections whose schema version moved on (events v1: after-photos) migrate their stored documents on open.
addRxPlugin(RxDBMigrationSchemaPlugin);

export interface LocalDatabase {
  /** The IndexedDB name: `tertib-` + 16 hex digits of sha256(server + '\n' + user). */
  readonly name: string;
  readonly reports: ReportRepository;
  readonly drafts: DraftStore;
  /** Tasks assigned to the user and events arriving through sync (notifications). */
  readonly followUp: FollowUp;
  /** The case screen: one report with its events, review actions written as events. */
  readonly cases: CaseStore;
  /** For the sync engine only: the replicated collections, the sync rows and the per-user sync facts. */
  readonly sync: {
    readonly collections: Pick<TertibCollections, 'reports' | 'events'>;
    readonly states: ReportSyncStore;
    readonly meta: SyncMetaStore;
    readonly eventStates: EventSyncStore;
  };
  close(): Promise<void>;
}

export interface OpenLocalDatabaseOptions {
  /** The normalized server address (as the session keeps it). */
  server: string;
  user: string;
  /** Injected in tests (e.g. RxDB's memory storage in Node); IndexedDB through Dexie otherwise. */
  storage?: RxStorage<unknown, unknown>;
  now?: () => Date;
  /** This device's signing key (device-key/); without one, reports and events are stored unsigned (tests). */
  signer?: DeviceSigner | null;
}

/**
 * RxDB refuses a second open instance of the same database name in one page (DB8). React's StrictMode and a
 * quick user switch open again before the previous close has finished, so opens of one name are queued
 * behind the close of the instance before.
 */
const lifetimes = new Map<string, Promise<void>>();

export async function openLocalDatabase(options: OpenLocalDatabaseOptions): Promise<LocalDatabase> {
  const name = await localDatabaseName(options.server, options.user);
  const previous = lifetimes.get(name) ?? Promise.resolve();
  let ended!: () => void;
  const lifetime = new Promise<void>((resolve) => (ended = resolve));
  const queued = previous.then(() => lifetime);
  lifetimes.set(name, queued);
  const release = () => {
    ended();
    if (lifetimes.get(name) === queued) lifetimes.delete(name);
  };

  await previous;
  let rx: TertibRxDatabase | undefined;
  try {
    rx = await createRxDatabase<TertibCollections>({
      name,
      storage: options.storage ?? getRxStorageDexie(),
      multiInstance: true,
      eventReduce: true,
      localDocuments: true,
    });
    await rx.addCollections(COLLECTIONS);
  } catch (err) {
    await rx?.close().catch(() => false);
    release();
    throw err;
  }

  const opened = rx;
  const drafts = createDraftStore(opened);
  const now = options.now ?? (() => new Date());
  let closing: Promise<void> | null = null;
  const states = createReportSyncStore(opened, now);
  // Before anyone reads the outbox: an own report left without its sync row by a crash gets one.
  try {
    await states.repairMissingRows(options.user);
  } catch (err) {
    await opened.close().catch(() => false);
    release();
    throw err;
  }
  return {
    name,
    reports: createReportRepository(opened, drafts, now, options.signer ?? null),
    drafts,
    followUp: createFollowUp(opened),
    cases: createCaseStore(opened, now, options.signer ?? null),
    sync: {
      collections: { reports: opened.reports, events: opened.events },
      states,
      meta: createSyncMetaStore(opened),
      eventStates: createEventSyncStore(opened, now),
    },
    close() {
      closing ??= opened.close().then(release, (err: unknown) => {
        release();
        throw err;
      });
      return closing;
    },
  };
}
