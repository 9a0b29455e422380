// The signed-in user's local data for the screens: the RxDB database and the photo vault, opened per
// (server, user) and closed when the user changes. Screens use the hooks below, never RxDB or PouchDB.

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { of, type Observable } from 'rxjs';
import {
  findPossibleDuplicates,
  type DuplicateCandidate,
  type PossibleDuplicate,
} from '../../../domain/duplicates';
import type { Report } from '../../../domain/report';
import type { LocalReport, PhotoVault } from './contracts';
import {
  DataKeyMismatchError,
  legacyPhotoVaultName,
  openLocalDatabase,
  type CaseEvent,
  type CaseStore,
  type CaseView,
  type FetchedCaseData,
  type KnownNames,
  photoVaultName,
  type DraftStore,
  type LocalDatabase,
  type ReportRepository,
} from './db/local-database';
import type { FollowUp, Task } from './follow-up/follow-up';
import type { DataKey } from './keys/data-key';
import { useDataKey } from './keys/data-key-context';
import { openPhotoVault, type LocalPhotoVault } from './photos/photo-vault';
import { requestPersistentStorage } from './storage-persistence';
import { openDeviceSigner, type DeviceSigner } from './device-key/device-key';

export interface LocalData {
  /** The signed-in user these stores belong to. */
  user: string;
  reports: ReportRepository;
  drafts: DraftStore;
  followUp: FollowUp;
  /** The case screen's reads and its review actions (events written on this device). */
  cases: CaseStore;
  vault: PhotoVault;
  /** For the sync engine (SyncProvider) only: what replication needs. Screens use the hooks below. */
  sync: LocalDatabase['sync'] & { vault: LocalPhotoVault; signer: DeviceSigner };
}

/** Unreferenced photos younger than this are kept: the capture form may be about to refer to them. */
export const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;

export type { CaseEvent, CaseView, KnownNames };

const LocalDataContext = createContext<LocalData | null>(null);

type OpenState =
  | { status: 'opening' }
  | { status: 'ready'; data: LocalData }
  | { status: 'failed'; error: unknown };

/** Whether PouchDB's idb adapter holds a database of this name (it prefixes `_pouch_`), without creating it. */
async function pouchExists(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  return (await indexedDB.databases()).some((db) => db.name === `_pouch_${name}`);
}

async function openAll(
  server: string,
  user: string,
  key: DataKey,
): Promise<{ db: LocalDatabase; vault: LocalPhotoVault; signer: DeviceSigner }> {
  // The signing key first: every report and event saved from now on is signed with it (issue 11).
  const signer = await openDeviceSigner(server, user);
  const db = await openLocalDatabase({ server, user, key, signer });
  let vault: LocalPhotoVault | null = null;
  try {
    vault = openPhotoVault(await photoVaultName(server, user), { key, signer });
    // The first open after the update to encryption: the old plaintext vault's photos move in (issue 13).
    const legacy = await legacyPhotoVaultName(server, user);
    if (await pouchExists(legacy)) await vault.importLegacy(legacy);
    return { db, vault, signer };
  } catch (err) {
    await Promise.all([db.close(), vault?.close()]);
    throw err;
  }
}

export function LocalDataProvider({ server, user, children }: { server: string; user: string; children: ReactNode }) {
  const { t } = useTranslation();
  const dataKey = useDataKey();
  const key = `${server}\n${user}`;
  // Keyed by (server, user) so a user switch shows "opening" at once, never the previous user's data.
  const [opened, setOpened] = useState<{ key: string; state: OpenState } | null>(null);
  const state: OpenState = opened !== null && opened.key === key ? opened.state : { status: 'opening' };

  useEffect(() => {
    let active = true;
    const setState = (next: OpenState) => setOpened({ key: `${server}\n${user}`, state: next });
    const opening = openAll(server, user, dataKey);
    opening.then(
      ({ db, vault, signer }) => {
        if (!active) return;
        setState({
          status: 'ready',
          data: {
            user,
            reports: db.reports,
            drafts: db.drafts,
            followUp: db.followUp,
            cases: db.cases,
            vault,
            sync: { ...db.sync, vault, signer },
          },
        });
        // Housekeeping, off the critical path: a failure here must never block field work.
        void db.reports
          .referencedPhotos()
          .then((referenced) => (active ? vault.removeOrphans(referenced, ORPHAN_GRACE_MS) : 0))
          .catch((err: unknown) => console.warn('Removing orphaned photos failed', err));
      },
      (error: unknown) => {
        if (active) setState({ status: 'failed', error });
      },
    );
    void requestPersistentStorage();
    return () => {
      active = false;
      void opening.then(
        ({ db, vault }) => Promise.all([db.close(), vault.close()]),
        () => undefined,
      );
    };
  }, [server, user, dataKey]);

  if (state.status === 'opening') {
    return (
      <div className="muted" role="status" data-testid="local-data-opening">
        {t('myReports.storage.opening')}
      </div>
    );
  }
  if (state.status === 'failed' && state.error instanceof DataKeyMismatchError) {
    // The key this device unlocked is not the one the data was stored with (the wrapped key was lost or
    // replaced). Nothing is deleted: the data stays until the right key is back (issue 13).
    return (
      <div className="alert alert-error" role="alert" data-testid="data-key-lost">
        <p>{t('lock.keyLost')}</p>
        <p className="alert-detail">{t('lock.keyLostDetail')}</p>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="alert alert-error" role="alert" data-testid="local-data-error">
        <p>{t('myReports.storage.failed')}</p>
        <p className="alert-detail">{t('myReports.storage.failedDetail', { reason: describe(state.error) })}</p>
      </div>
    );
  }
  return <LocalDataContext.Provider value={state.data}>{children}</LocalDataContext.Provider>;
}

const describe = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err).slice(0, 300);

export type { FetchedCaseData };

export function useLocalData(): LocalData {
  const value = useContext(LocalDataContext);
  if (value === null) throw new Error('useLocalData() outside <LocalDataProvider>');
  return value;
}

/** The latest value of an observable; `initial` until it first emits. Resubscribes when `source` changes. */
function useObservable<T>(source: Observable<T>, initial: T): T {
  const [value, setValue] = useState<{ source: Observable<T>; value: T }>({ source, value: initial });
  useEffect(() => {
    const subscription = source.subscribe((next) => setValue({ source, value: next }));
    return () => subscription.unsubscribe();
  }, [source]);
  return value.source === source ? value.value : initial;
}

/** The signed-in officer's (or `author`'s) reports on this device, newest first; null until the first read. */
export function useMyReports(author?: string): LocalReport[] | null {
  const { reports, user } = useLocalData();
  const name = author ?? user;
  const source = useMemo(() => reports.observeByAuthor(name), [reports, name]);
  return useObservable<LocalReport[] | null>(source, null);
}

/** Follow-up tasks assigned to the officer or their team (open first); null until the first read. */
export function useTasks(user: { name: string; team: string | null }): Task[] | null {
  const { followUp } = useLocalData();
  const { name, team } = user;
  const source = useMemo(() => followUp.observeTasks({ name, team }), [followUp, name, team]);
  return useObservable<Task[] | null>(source, null);
}

/** Saved reports the server has not confirmed yet (for the header badge and the logout warning). */
export function useUnsentCount(): number {
  const { reports } = useLocalData();
  const source = useMemo(() => reports.observeUnsentCount(), [reports]);
  return useObservable(source, 0);
}

/** An object URL for a photo's thumbnail from the vault (null while loading or if absent); revoked on unmount. */
export function usePhotoThumbnail(sha256: string | null): string | null {
  const { vault } = useLocalData();
  const [thumb, setThumb] = useState<{ sha256: string; url: string } | null>(null);
  useEffect(() => {
    if (sha256 === null) return;
    let url: string | null = null;
    let active = true;
    vault.getThumbnail(sha256).then(
      (blob) => {
        if (!active || blob === null) return;
        url = URL.createObjectURL(blob);
        setThumb({ sha256, url });
      },
      () => undefined,
    );
    return () => {
      active = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [vault, sha256]);
  return thumb !== null && thumb.sha256 === sha256 ? thumb.url : null;
}

/** One case, live (null while the report is not on this device; undefined until the first read). */
export function useCase(reportId: string, fetched: FetchedCaseData | null = null): CaseView | null | undefined {
  const { cases } = useLocalData();
  const source = useMemo(() => cases.observeCase(reportId, fetched), [cases, reportId, fetched]);
  return useObservable<CaseView | null | undefined>(source, undefined);
}

/** Possible duplicates of `report` among the reports on this device (same category, 50 m, 2 h), nearest first. */
export function usePossibleDuplicates(report: Report | null, linkedTo: string | null): PossibleDuplicate<Report>[] {
  const { cases } = useLocalData();
  const id = report?.id ?? null;
  const categoryId = report?.categoryId ?? '';
  const capturedAt = report?.capturedAt ?? '';
  const source = useMemo(
    () => (id === null ? of([]) : cases.observeDuplicateCandidates({ id, categoryId, capturedAt })),
    [cases, id, categoryId, capturedAt],
  );
  const candidates = useObservable<DuplicateCandidate<Report>[]>(source, []);
  return useMemo(
    () => (report === null ? [] : findPossibleDuplicates(report, candidates, linkedTo)),
    [report, candidates, linkedTo],
  );
}

/** Teams, officers and units seen on this device, for the assignment and dispatch suggestions. */
export function useKnownNames(): KnownNames {
  const { cases } = useLocalData();
  const source = useMemo(() => cases.observeKnownNames(), [cases]);
  return useObservable<KnownNames>(source, { teams: [], officers: [], units: [] });
}
