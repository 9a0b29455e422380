// The app's sync: reports and events through RxDB's CouchDB replication (push + live pull), photos from the
// vault as raw JPEG bytes (photos/photo-upload.ts: ask what the server holds, then one PUT per missing photo)
// and the server's receipts pulled back through PouchDB's replication. Which
// report is `sending` or `confirmed` follows from what the server is seen to hold (sync-fetch.ts hooks) and
// the receipts in the vault (sync-state.ts). When to run is SyncScheduler's business.

import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { BehaviorSubject, firstValueFrom, type Observable, type Subscription } from 'rxjs';
import type {
  EventSyncStore,
  OutboxEntry,
  ReportSyncStore,
  SyncMetaStore,
  TertibCollections,
} from '../db/local-database';
import type { LocalPhotoVault, RemoteVault, VaultFetch } from '../photos/photo-vault';
import { ApiRequestError } from '../../api/api-error';
import { errorMessage, type ErrorMessageKey } from '../../api/error-messages';
import {
  AuthRequiredError,
  createSyncFetch,
  SyncNetworkError,
  SyncServerError,
  type AuthorizedFetch,
  type SyncFetchHooks,
} from './sync-fetch';
import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from './pull-pages';
import { SyncScheduler, type SchedulerSnapshot, type SchedulerTimer } from './sync-scheduler';
import {
  deviceBacklog,
  pendingTotals,
  photoRefusalMarks,
  settledForHandover,
  type PendingTotals,
} from './sync-state';

/** What this device still holds unsent, as it tells the registry (issue 13). */
export type DeviceBacklogCounts = ReturnType<typeof deviceBacklog>;

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'error' | 'auth-required';

export interface SyncStatus extends PendingTotals {
  phase: SyncPhase;
  /** Photos uploaded in this pass / to upload, while photos are being sent. */
  progress: { done: number; total: number } | null;
  /** When a sync pass last finished with the server answering everything (ISO), kept per user. */
  lastConfirmedAt: string | null;
  /** Why the last pass failed, when phase is `error`: a message key the UI translates (never server English). */
  error: ErrorMessageKey | null;
}

export interface SyncEngineDeps {
  /** The normalized server address (no trailing slash). */
  server: string;
  /** ApiClient.authorizedFetch: the session's cookie or bearer token. */
  fetch: AuthorizedFetch;
  /** GET /api/health answered; must not reject. */
  probe(): Promise<boolean>;
  collections: Pick<TertibCollections, 'reports' | 'events'>;
  states: ReportSyncStore;
  meta: SyncMetaStore;
  /** Own events (review actions, comments): marked sent or refused as the server answers. */
  eventStates?: EventSyncStore;
  vault: Pick<LocalPhotoVault, 'receipts' | 'refusals' | 'push' | 'pull'>;
  /**
   * Before anything is sent in a pass: registers this device's signing key (device-key/registration.ts), so
   * the gateway knows the device whose signatures it checks. A rejection fails the pass (retried later).
   */
  beforeSync?: (backlog: DeviceBacklogCounts) => Promise<void>;
  /**
   * After each pass that finished with the server answering everything: the backlog left, and whether
   * everything that can be sent was (settledForHandover: only refused reports may remain; no event pending,
   * deferred ones included). Issue 13's hand-over wipes from here. A rejection fails the pass.
   */
  afterPass?: (backlog: DeviceBacklogCounts, settled: boolean) => Promise<void>;
  openRemote(url: string, fetch: VaultFetch): RemoteVault;
  online?: boolean;
  timer?: SchedulerTimer;
  random?: () => number;
  now?: () => Date;
}

/** Receipts are written by a server worker moments after an upload: poll for them, slower each time. */
const RECEIPT_POLL_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

interface Live {
  abort: AbortController;
  replications: RxCouchDBReplicationState<unknown>[];
  remote: RemoteVault;
  /** Rejects on the first replication error, or when the replications are torn down. */
  failed: Promise<never>;
  fail(err: unknown): void;
  subscriptions: Subscription[];
  /** The events replication waits for the first reports sync of this connection (see cycle()). */
  eventsStarted: boolean;
  /** The fetch the events replication uses (same hooks): deferred events are re-sent through it. */
  eventsFetch: (input: string, init?: RequestInit) => Promise<Response>;
}

/** Nothing pending, nothing known yet: the status before the first look at the outbox. */
export const IDLE_SYNC_STATUS: SyncStatus = {
  phase: 'idle',
  pendingReports: 0,
  pendingPhotos: 0,
  pendingBytes: 0,
  progress: null,
  lastConfirmedAt: null,
  error: null,
};

export class SyncEngine {
  private readonly subject: BehaviorSubject<SyncStatus>;
  private readonly scheduler: SyncScheduler;
  private readonly now: () => Date;
  private live: Live | null = null;
  private outbox: OutboxEntry[] = [];
  private receipts: ReadonlySet<string> = new Set();
  private pendingIds = new Set<string>();
  private pendingEvents = new Set<string>();
  private receiptPolls = 0;
  /** Polls in a row that brought no new receipt: the wait grows only while the worker shows no progress. */
  private idleReceiptPolls = 0;
  private lastFailure: unknown = null;
  private stopped = false;
  private subscriptions: Subscription[] = [];

  constructor(private readonly deps: SyncEngineDeps) {
    this.now = deps.now ?? (() => new Date());
    this.subject = new BehaviorSubject<SyncStatus>({
      ...IDLE_SYNC_STATUS,
      phase: deps.online === false ? 'offline' : 'idle',
    });
    this.scheduler = new SyncScheduler({
      run: () => this.cycle(),
      probe: deps.probe,
      isAuthError: (err) => err instanceof AuthRequiredError,
      onChange: (snapshot) => this.update({ phase: phaseOf(snapshot), error: errorOf(snapshot) }),
      ...(deps.online === undefined ? {} : { online: deps.online }),
      ...(deps.timer ? { timer: deps.timer } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
  }

  get status$(): Observable<SyncStatus> {
    return this.subject.asObservable();
  }

  get status(): SyncStatus {
    return this.subject.getValue();
  }

  async start(): Promise<void> {
    const [meta, receipts] = await Promise.all([this.deps.meta.load(), this.deps.vault.receipts()]);
    if (this.stopped) return;
    this.receipts = receipts;
    this.update({ lastConfirmedAt: meta.lastConfirmedAt });
    this.subscriptions.push(this.deps.states.observeOutbox().subscribe((entries) => this.onOutbox(entries)));
    if (this.deps.eventStates) {
      this.subscriptions.push(
        this.deps.eventStates.observePending().subscribe((ids) => {
          // A live replication pushes a new event by itself; this covers the engine resting between passes
          // (torn down after an error) so an action made online is not left until the next probe.
          const added = ids.some((id) => !this.pendingEvents.has(id));
          this.pendingEvents = new Set(ids);
          if (added) this.scheduler.request();
        }),
      );
    }
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduler.stop();
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    await this.teardown();
  }

  /** "Coba lagi", and a fresh token after `auth-required`: run now, from a clean backoff. */
  retry(): void {
    this.scheduler.resume();
  }

  setOnline(online: boolean): void {
    if (!online) void this.teardown();
    this.scheduler.setOnline(online);
  }

  private update(patch: Partial<SyncStatus>): void {
    if (this.stopped && patch.phase === undefined) return;
    this.subject.next({ ...this.subject.getValue(), ...patch });
  }

  private onOutbox(entries: OutboxEntry[]): void {
    this.outbox = entries;
    this.update(pendingTotals(entries, this.receipts));
    // A report saved or corrected since the last look: its photos need a pass (RxDB pushes the report).
    const pending = new Set(entries.filter((e) => e.state === 'pending' || e.state === null).map((e) => e.id));
    const added = [...pending].some((id) => !this.pendingIds.has(id));
    this.pendingIds = pending;
    if (added) this.scheduler.request();
  }

  private async cycle(): Promise<{ again: number | null }> {
    this.lastFailure = null;
    try {
      if (this.deps.beforeSync) {
        await this.deps.beforeSync(await this.backlog()).catch((err: unknown) => {
          // The session ended: like a 401 from replication, ask to sign in again.
          throw (err as { status?: unknown }).status === 401 ? new AuthRequiredError() : err;
        });
      }
      const live = this.ensureLive();
      const until = <T>(work: Promise<T>): Promise<T> => Promise.race([work, live.failed]);
      // Reports first, then events: an event about a report made offline (a comment, say) must not reach the
      // gateway before its report, which would refuse it for good ("the report is not on the server").
      const [reports, ...rest] = live.replications;
      if (reports) await until(reports.awaitInSync());
      if (!live.eventsStarted) {
        // Once per replication: start() on a running one is RxDB's "re-sync", not a no-op.
        live.eventsStarted = true;
        for (const r of rest) void r.start().catch(() => undefined); // errors arrive on error$
      }
      await until(Promise.all(live.replications.map((r) => r.awaitInSync())));
      await until(this.resendDeferredEvents(live));

      const total = this.status.pendingPhotos;
      if (total > 0) this.update({ progress: { done: 0, total } });
      await until(
        this.deps.vault.push(live.remote, {
          signal: live.abort.signal,
          onWritten: (done) => this.update({ progress: { done: Math.min(done, total), total } }),
        }),
      );
      await this.markPhotoRefusals();
      await until(this.deps.vault.pull(live.remote, { signal: live.abort.signal }));
      const knownReceipts = this.receipts.size;
      this.receipts = await this.deps.vault.receipts();
      this.idleReceiptPolls = this.receipts.size > knownReceipts ? 0 : this.idleReceiptPolls + 1;
      if (this.receiptPolls > 0) {
        // Still no receipt a poll later: send exactly those photos again, outside the checkpointed stream.
        // The upload asks the server first (`_held`), so this is a no-op for photos it holds and only waits
        // for their receipts; a photo it lost (a backend restored from a backup) goes again.
        const stragglers = [
          ...new Set(
            this.outbox
              .filter((e) => e.state === 'sending')
              .flatMap((e) => e.photos.map((p) => p.sha256))
              .filter((sha) => !this.receipts.has(sha)),
          ),
        ];
        if (stragglers.length > 0) {
          await until(this.deps.vault.push(live.remote, { signal: live.abort.signal, onlySha256: stragglers }));
        }
      }
      await this.deps.states.confirmWithReceipts(this.receipts);
      this.update({ ...pendingTotals(this.outbox, this.receipts), progress: null });

      const lastConfirmedAt = this.now().toISOString();
      await this.deps.meta.save({ lastConfirmedAt });
      this.update({ lastConfirmedAt });
      const outbox = await firstValueFrom(this.deps.states.observeOutbox());
      const waiting = outbox.some((e) => e.state === 'sending');
      if (this.deps.afterPass) {
        // Read fresh, like the outbox: a deferred event (its report not yet seen by the node that answered)
        // is still pending and would be lost by a hand-over wipe.
        const pendingEvents = this.deps.eventStates
          ? (await firstValueFrom(this.deps.eventStates.observePending())).length
          : 0;
        await this.deps.afterPass(
          deviceBacklog(outbox, this.receipts),
          settledForHandover(outbox, pendingEvents),
        );
      }
      if (!waiting) {
        this.receiptPolls = 0;
        this.idleReceiptPolls = 0;
        return { again: null };
      }
      // While receipts keep coming (the worker hashing and thumbnailing a backlog) poll again in a second; the
      // wait grows only while none arrive (`npm run bench -- officer`: 150 photos on loopback waited for the
      // 15 s and 30 s steps while the worker was still busy).
      const step = Math.min(Math.max(0, this.idleReceiptPolls - 1), RECEIPT_POLL_MS.length - 1);
      const again = RECEIPT_POLL_MS[step] ?? 30_000;
      this.receiptPolls++;
      return { again };
    } catch (err) {
      this.update({ progress: null });
      await this.teardown();
      throw this.classify(err);
    }
  }

  /** The device's backlog now, read fresh (the outbox subscription may not have emitted yet at the first pass). */
  private async backlog(): Promise<DeviceBacklogCounts> {
    return deviceBacklog(await firstValueFrom(this.deps.states.observeOutbox()), this.receipts);
  }

  /**
   * A photo the server refused for good (its signature, its bytes) stays in the vault, not sent again; the
   * reports that show it are *ditolak* with the server's reason, as a refused report is. Read at every pass
   * from the vault's kept refusals against a fresh outbox: a refusal from an earlier pass (the outbox not yet
   * read then, the app closed before marking) is marked now, and so is a corrected report still showing it.
   */
  private async markPhotoRefusals(): Promise<void> {
    const refusals = await this.deps.vault.refusals();
    if (refusals.size === 0) return;
    const marks = photoRefusalMarks(await firstValueFrom(this.deps.states.observeOutbox()), refusals);
    if (marks.length > 0) await this.deps.states.markRejected(marks);
  }

  /**
   * Events the server deferred (their report was not there) go again, by id, straight to `_bulk_docs`: RxDB
   * was told they were written, so it will not send them again itself. The answer passes through the same
   * hooks — `sent`, `refused` for good, or deferred once more while the report is still missing.
   */
  private async resendDeferredEvents(live: Live): Promise<void> {
    const eventStates = this.deps.eventStates;
    if (!eventStates) return;
    const ids = await eventStates.deferredIds();
    if (ids.length === 0) return;
    const docs = await this.deps.collections.events.findByIds(ids).exec();
    const body = [...docs.values()].map((doc) => {
      const data = doc.toMutableJSON() as unknown as Record<string, unknown>;
      const event: Record<string, unknown> = { _id: doc.primary };
      for (const [key, value] of Object.entries(data)) if (!key.startsWith('_')) event[key] = value;
      return event;
    });
    if (body.length === 0) return;
    const res = await live.eventsFetch(`${this.deps.server}/db/events/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: body }),
    });
    if (!res.ok) throw new Error(`re-sending deferred events: the server answered ${res.status}`);
  }

  /** The failure the fetch saw (401, no network) explains an RxDB error better than RxDB's own wrapper. */
  private classify(err: unknown): unknown {
    return this.lastFailure instanceof Error ? this.lastFailure : err;
  }

  private ensureLive(): Live {
    if (this.live) return this.live;
    const abort = new AbortController();
    const { server, collections, states } = this.deps;
    const hooks = (extra: Omit<SyncFetchHooks, 'onUnauthorized'>): SyncFetchHooks => ({
      ...extra,
      onUnauthorized: () => {
        if (abort.signal.aborted) return;
        this.lastFailure = new AuthRequiredError();
        // Stop every request at once; capture goes on, nothing local is touched.
        void this.teardown();
        this.scheduler.fail(this.lastFailure);
      },
    });
    const fetchFor = (h: SyncFetchHooks) => {
      const f = createSyncFetch(this.deps.fetch, h, abort.signal);
      return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        try {
          return await f(input, init);
        } catch (err) {
          if (!abort.signal.aborted && !(this.lastFailure instanceof AuthRequiredError)) this.lastFailure ??= err;
          throw err;
        }
      };
    };

    let fail!: (err: unknown) => void;
    const failed = new Promise<never>((_resolve, reject) => (fail = reject));
    failed.catch(() => undefined);
    const replicate = (name: 'reports' | 'events', h: SyncFetchHooks, autoStart = true) =>
      replicateCouchDB({
        autoStart,
        replicationIdentifier: `tertib-${name}-${server}`,
        collection: collections[name] as never,
        url: `${server}/db/${name}/`,
        live: true,
        fetch: fetchFor(h),
        // Pull pages: see pull-pages.ts (the first sync's round trips on a slow link).
        pull: { batchSize: PULL_BATCH_SIZE },
        push: { batchSize: PUSH_BATCH_SIZE },
        // Retrying is the scheduler's job (backoff with jitter): the first error ends this replication.
        retryTime: 60 * 60_000,
        // One tab replicates per database either way; waiting for leadership could stall a pass forever.
        waitForLeadership: false,
      }) as RxCouchDBReplicationState<unknown>;

    const reports = replicate(
      'reports',
      hooks({
        onServerHolds: (ids, how) => states.markServerHolds(ids, how),
        onRefused: (refusals) => states.markRejected(refusals),
      }),
    );
    const eventStates = this.deps.eventStates;
    const eventHooks = hooks({
      ...(eventStates ? { onServerHolds: (ids: string[]) => eventStates.markSent(ids) } : {}),
      onRefused: async (refusals) => {
        // Never retried (an event cannot change); shown as refused in the case timeline.
        console.warn('The server refused events', refusals);
        await eventStates?.markRefused(refusals);
      },
      // Its report is not on the server yet (refused and not yet corrected, or sent at the same moment):
      // kept pending and sent again by id each pass (resendDeferredEvents), never dropped.
      onDeferred: async (deferred) => {
        await eventStates?.markDeferred(deferred);
      },
    });
    const events = replicate(
      'events',
      eventHooks,
      false, // started by cycle() once the reports are in sync
    );
    const eventsFetch = fetchFor(eventHooks);
    const live: Live = {
      abort,
      eventsFetch: (input, init) => eventsFetch(input, init),
      replications: [reports, events],
      remote: this.deps.openRemote(`${server}/db/photos`, fetchFor(hooks({}))),
      failed,
      fail,
      subscriptions: [],
      eventsStarted: false,
    };
    for (const r of live.replications) {
      live.subscriptions.push(
        r.error$.subscribe((err) => {
          if (abort.signal.aborted || this.live !== live) return;
          fail(err);
          // Between passes nobody awaits `failed`: tell the scheduler so it backs off and tries again.
          if (!this.scheduler.snapshot().running) {
            const reason = this.classify(err);
            void this.teardown().then(() => this.scheduler.fail(reason));
          }
        }),
      );
    }
    this.live = live;
    return live;
  }

  private async teardown(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.abort.abort();
    // A pass awaiting these replications must not wait forever for a cancelled one.
    live.fail(new DOMException('Sync stopped', 'AbortError'));
    for (const s of live.subscriptions) s.unsubscribe();
    await Promise.all([...live.replications.map((r) => r.cancel()), live.remote.close()]).catch(() => undefined);
  }
}

function phaseOf(s: SchedulerSnapshot): SyncPhase {
  if (s.authRequired) return 'auth-required';
  if (s.offline) return 'offline';
  if (s.running) return 'syncing';
  if (s.failures > 0) return s.lastError instanceof SyncNetworkError ? 'offline' : 'error';
  return 'idle';
}

function errorOf(s: SchedulerSnapshot): ErrorMessageKey | null {
  if (s.running || s.failures === 0 || s.lastError instanceof SyncNetworkError) return null;
  const e = s.lastError;
  if (e instanceof SyncServerError) {
    // The server's sentence is English and for logs; the user reads what its code means, in their language.
    return errorMessage(new ApiRequestError(e.code, e.status, e.message), 'general').key;
  }
  return 'errors.unexpected';
}
