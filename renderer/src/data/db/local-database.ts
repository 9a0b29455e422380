// Opens the signed-in user's local database: RxDB on the free Dexie (IndexedDB) storage, four collections
// and the draft as a local document, encrypted at rest with the user's data key (issue 13) through RxDB's
// free `encryption-crypto-js` storage wrapper. Never with RxDB's dev-mode plugin: it injects a tracking iframe.

import { addRxPlugin, createRxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { DataKey } from '../keys/data-key';
import { createFollowUp, type FollowUp } from '../follow-up/follow-up';
import { localDatabaseName } from './db-name';
import { createDraftStore, type DraftStore } from './draft-store';
import { legacyDexieExists, upgradeLegacyDatabase } from './legacy-upgrade';
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
export { legacyPhotoVaultName, localDatabaseName, photoVaultName, userDataKey } from './db-name';

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
  /** The user's open data key (data/keys): every collection's sensitive fields and the draft are sealed with it. */
  key: DataKey;
  /** Injected in tests (e.g. RxDB's memory storage in Node); IndexedDB through Dexie otherwise. */
  storage?: RxStorage<unknown, unknown>;
  /** Whether an unencrypted database of an earlier build exists (tests inject it with their storage). */
  legacyExists?: (name: string) => Promise<boolean>;
  now?: () => Date;
  /** This device's signing key (device-key/); without one, reports and events are stored unsigned (tests). */
  signer?: DeviceSigner | null;
}

/** RxDB's error when the database was made with another key (DB1: "different password"). */
export class DataKeyMismatchError extends Error {
  override readonly name = 'DataKeyMismatchError';
}

const isPasswordMismatch = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'DB1';

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
  const base = options.storage ?? getRxStorageDexie();
  let rx: TertibRxDatabase | undefined;
  try {
    rx = await createRxDatabase<TertibCollections>({
      name,
      storage: wrappedKeyEncryptionCryptoJsStorage({ storage: base }),
      password: options.key.rxdbPassword,
      multiInstance: true,
      eventReduce: true,
      localDocuments: true,
    });
    await rx.addCollections(COLLECTIONS);
  } catch (err) {
    await rx?.close().catch(() => false);
    release();
    if (isPasswordMismatch(err)) throw new DataKeyMismatchError('This device holds the data under another key.');
    throw err;
  }

  const opened = rx;
  const drafts = createDraftStore(opened, options.key);
  const now = options.now ?? (() => new Date());
  let closing: Promise<void> | null = null;
  const states = createReportSyncStore(opened, now);
  try {
    // The first open after the update to encryption copies the old database in (and then removes it).
    await upgradeLegacyDatabase({
      server: options.server,
      user: options.user,
      storage: base,
      target: opened,
      drafts,
      exists: options.legacyExists ?? legacyDexieExists,
    });
    // Before anyone reads the outbox: an own report left without its sync row by a crash gets one.
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
