// The review queue's benchmark hooks on `window.tertibLab.review`, for `npm run bench -- review`: the app's
// first sync into RxDB timed until the review index holds every report, PouchDB's native replication of
// the same documents into the same browser, and the index's build and filter times. Plain data only.

import PouchDB from 'pouchdb-core';
// The vault module registers the idb and http adapters and replication on PouchDB (a second registration
// throws): the native peer uses the very same PouchDB build as the app's vault.
import '../src/data/photos/photo-vault';
import type { TertibCollections } from '../src/data/db/local-database';
import { ReviewIndex, reviewIndexFor } from '../src/data/review/review-index';
import { EMPTY_FILTER, type ReviewFilter, type ReviewRow } from '../src/data/review/review-query';
import L from '../src/app/map/leaflet-global';
import { QueueMapIndex } from '../src/app/review/queue-map-index';
import { drawQueueItems } from '../src/app/review/queue-map-layer';

type Collections = Pick<TertibCollections, 'reports' | 'events'>;

interface SyncLab {
  open(server: string, user: string, token: string, watch?: boolean): Promise<void>;
  startEngine(): void;
  stopEngine(): Promise<void>;
  collections(): Collections;
}

/** A filter the bench runs, and the same filter as an RxDB query (null: RxDB cannot express it). */
export interface FilterCase {
  name: string;
  filter: Partial<ReviewFilter>;
  rxdb: Record<string, unknown> | null;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

/**
 * The queue map's work for a set of rows, as ReviewMap does it: cluster index, framing, the view's clusters
 * and points drawn as Leaflet markers, until the next frame is painted. A map of the size the screen has.
 */
async function queueMapRender(rows: readonly ReviewRow[]): Promise<number> {
  let host = document.getElementById('queue-map-bench');
  if (!host) {
    host = document.createElement('div');
    host.id = 'queue-map-bench';
    host.style.cssText = 'width:1000px;height:320px';
    document.body.append(host);
  }
  const t = performance.now();
  const map = L.map(host, { attributionControl: false });
  const group = L.layerGroup().addTo(map);
  const index = new QueueMapIndex(rows);
  const [w, s, e, n] = index.bounds ?? [106.8, -6.2, 106.9, -6.1];
  map.fitBounds(
    [
      [s, w],
      [n, e],
    ],
    { padding: [24, 24], maxZoom: 16, animate: false },
  );
  const b = map.getBounds();
  drawQueueItems(
    group,
    index.items([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom()),
    null,
    {
      onPoint: () => undefined,
      onCluster: () => undefined,
      clusterTitle: String,
      pointTitle: String,
    },
  );
  await frame();
  const ms = performance.now() - t;
  map.remove();
  return ms;
}

export function registerReviewLab(lab: Record<string, unknown>): void {
  const sync = () => lab.sync as SyncLab;

  lab.review = {
    /**
     * Opens `user`'s empty database, starts the app's sync engine and resolves when the review index shows
     * `reports` reports of which `decided` have left `menunggu` (their events folded in): ms from the start.
     */
    async firstSync(server: string, user: string, token: string, reports: number, decided: number) {
      await sync().open(server, user, token, false);
      const index = reviewIndexFor(sync().collections());
      await index.ready;
      const t0 = performance.now();
      sync().startEngine();
      await new Promise<void>((resolve) => {
        const check = () => {
          const s = index.current;
          if (s && s.size >= reports && s.rows.filter((r) => r.status !== 'menunggu').length >= decided)
            resolve();
        };
        index.subscribe(check);
        check();
      });
      const ms = performance.now() - t0;
      await sync().stopEngine();
      return { ms, size: index.current?.size ?? 0 };
    },

    /** PouchDB's own replication of `dbs` (URLs) into fresh IndexedDB databases, one after the other. */
    async nativeReplication(urls: string[], authorization: string) {
      const t0 = performance.now();
      let docs = 0;
      for (const url of urls) {
        const local = new PouchDB(`bench-native-${Math.random().toString(36).slice(2)}`, { adapter: 'idb' });
        const remote = new PouchDB(url, {
          adapter: 'http',
          skip_setup: true,
          // As the vault does: PouchDB forces credentials 'include'; cross-origin we send a header instead.
          fetch: (u: string | Request, opts?: RequestInit) => {
            const headers = new Headers(opts?.headers);
            headers.set('Authorization', authorization);
            return window.fetch(u, { ...opts, headers, credentials: 'omit' });
          },
        } as PouchDB.HttpAdapter.HttpAdapterConfiguration);
        const result = await local.replicate.from(remote, { batch_size: 100, batches_limit: 10 });
        docs += result.docs_written;
        await remote.close();
        await local.destroy();
      }
      return { ms: performance.now() - t0, docs };
    },

    /**
     * On the synced database: (a) a fresh index build against reading the two collections alone, and (b) each
     * filter through the index (result and every facet) against the same filter as an RxDB query, where
     * RxDB can express it. Every measurement is repeated `runs` times. The index built last stays open on
     * the last database instance; it is closed at the end.
     */
    async filterTimes(server: string, user: string, token: string, cases: FilterCase[], runs: number) {
      // RxDB answers a repeated query from its query cache: every timed read gets a database instance of
      // its own (reopened, so nothing is cached), and each timed RxDB filter a query it has not seen.
      const fresh = async () => {
        await sync().open(server, user, token, false);
        return sync().collections();
      };
      const build: number[] = [];
      const read: number[] = [];
      let built: ReviewIndex | null = null;
      for (let i = 0; i < runs; i++) {
        built?.close();
        let collections = await fresh();
        let t = performance.now();
        built = new ReviewIndex(collections);
        await built.ready;
        build.push(performance.now() - t);
        await settle();
        collections = await fresh();
        t = performance.now();
        await Promise.all([collections.reports.find().exec(), collections.events.find().exec()]);
        read.push(performance.now() - t);
        await settle();
      }
      const collections = sync().collections();
      const snapshot = built!.current!;
      const sortMs = (() => {
        const t = performance.now();
        snapshot.sorted('newest');
        return performance.now() - t;
      })();
      const out: Array<{
        name: string;
        index: number[];
        map: number[];
        rxdb: number[];
        matched: number;
        rxMatched: number;
      }> = [];
      // The queue map: first render with clusters of every report, beside the list's first query of them.
      const mapFirst: number[] = [];
      const listFirst: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const all = snapshot.query(EMPTY_FILTER).items;
        listFirst.push(performance.now() - t);
        mapFirst.push(await queueMapRender(all));
        await settle();
      }
      for (const c of cases) {
        const filter = { ...EMPTY_FILTER, ...c.filter };
        const index: number[] = [];
        const map: number[] = [];
        const rxdb: number[] = [];
        let matched = 0;
        let rxMatched = 0;
        for (let i = 0; i < runs; i++) {
          let t = performance.now();
          const rows = snapshot.query(filter).items;
          matched = rows.length;
          index.push(performance.now() - t);
          map.push(await queueMapRender(rows));
          if (c.rxdb) {
            t = performance.now();
            rxMatched = (
              await collections.reports.find({ selector: c.rxdb as never, limit: 1_000_000 + i }).exec()
            ).length;
            rxdb.push(performance.now() - t);
          }
          await settle();
        }
        out.push({ name: c.name, index, map, rxdb, matched, rxMatched });
      }
      built!.close();
      return { build, read, sortMs, cases: out, size: snapshot.size, mapFirst, listFirst };
    },
  };
}
