// The sync engine on `window.tertibLab.sync`, for e2e/sync-engine.spec.ts: the real local database, vault,
// ApiClient transport and SyncEngine in real Chromium, against a real sync-server on another origin.
// Everything crosses page.evaluate as plain data.

import { EMPTY, firstValueFrom } from 'rxjs';
import type { Report } from '../../domain/report';
import type { ReportEvent } from '../../domain/report-events';
import { ApiClient } from '../src/api/api-client';
import type { LocalReport } from '../src/data/contracts';
import { openLocalDatabase, photoVaultName, type LocalDatabase } from '../src/data/db/local-database';
import { processPhoto } from '../src/data/photos';
import type { DataKey } from '../src/data/keys/data-key';
import { openPhotoVault, openRemoteVault, type LocalPhotoVault } from '../src/data/photos/photo-vault';
import { SyncEngine, type SyncStatus } from '../src/data/sync/sync-engine';
import { MemoryStore } from '../src/platform/key-value-store';
import { LocalTokenStore } from '../src/platform/token-store';

export interface LabRequest {
  method: string;
  path: string;
  status: number;
}

interface Session {
  server: string;
  user: string;
  tokens: LocalTokenStore;
  client: ApiClient;
  db: LocalDatabase;
  vault: LocalPhotoVault;
  engine: SyncEngine | null;
  /** Every sync-state value each report went through, in order. */
  transitions: Map<string, string[]>;
  requests: LabRequest[];
  stopWatching: () => void;
}

/** A camera-like JPEG (gradient plus noise, so it does not compress to nothing), made on a canvas. */
async function cameraJpeg(seed: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(800, 600);
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('no 2d context');
  const gradient = g.createLinearGradient(0, 0, 800, 600);
  gradient.addColorStop(0, `hsl(${(seed * 67) % 360} 70% 50%)`);
  gradient.addColorStop(1, `hsl(${(seed * 67 + 120) % 360} 70% 40%)`);
  g.fillStyle = gradient;
  g.fillRect(0, 0, 800, 600);
  let x = seed * 7919;
  for (let i = 0; i < 4000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    g.fillStyle = `rgb(${x % 256} ${(x >> 8) % 256} ${(x >> 16) % 256})`;
    g.fillRect(x % 800, (x >> 10) % 600, 4, 4);
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

export function registerSyncLab(lab: Record<string, unknown>, key: DataKey): void {
  let session: Session | null = null;
  const s = (): Session => {
    if (session === null) throw new Error('Call open(server, user, token) first.');
    return session;
  };

  lab.sync = {
    /**
     * Opens the user's real database and vault, with an ApiClient holding `token` (bearer, cross-origin).
     * `watch: false` skips recording each report's sync-state transitions (a benchmark's 50 000 pulled
     * reports would pay for a test-only observer on every write).
     */
    async open(server: string, user: string, token: string, watch = true): Promise<void> {
      await (lab.sync as { close(): Promise<void> }).close();
      const requests: LabRequest[] = [];
      const tokens = new LocalTokenStore(new MemoryStore());
      await tokens.set(server, token);
      const client = new ApiClient({
        server,
        tokens,
        pageOrigin: window.location.origin,
        fetch: async (input, init) => {
          const res = await window.fetch(input, init);
          const url = new URL(String(input));
          requests.push({
            method: init?.method ?? 'GET',
            path: url.pathname + url.search,
            status: res.status,
          });
          return res;
        },
      });
      const db = await openLocalDatabase({ server, user, key });
      const vault = openPhotoVault(await photoVaultName(server, user), { key });
      const transitions = new Map<string, string[]>();
      const outbox = watch ? db.sync.states.observeOutbox() : EMPTY;
      // The outbox holds the reports still on their way: one that leaves it was confirmed.
      let previous = new Set<string>();
      const sub = outbox.subscribe((entries) => {
        const now = new Set<string>();
        for (const e of entries) {
          now.add(e.id);
          const seen = transitions.get(e.id) ?? [];
          const state = e.state ?? 'pending';
          if (seen.at(-1) !== state) seen.push(state);
          transitions.set(e.id, seen);
        }
        for (const id of previous) {
          const seen = transitions.get(id);
          if (!now.has(id) && seen && seen.at(-1) !== 'confirmed') seen.push('confirmed');
        }
        previous = now;
      });
      session = {
        server,
        user,
        tokens,
        client,
        db,
        vault,
        engine: null,
        transitions,
        requests,
        stopWatching: () => sub.unsubscribe(),
      };
    },

    async close(): Promise<void> {
      const current = session;
      session = null;
      if (!current) return;
      current.stopWatching();
      await current.engine?.stop();
      await Promise.all([current.db.close(), current.vault.close()]);
    },

    /** Saves `report` with `count` real photos (canvas JPEG → processPhoto → vault); returns the sha256s. */
    async saveWithPhotos(report: Report, count: number, seed = 1): Promise<string[]> {
      const { vault, db, user } = s();
      const photos = [];
      for (let i = 0; i < count; i++) {
        const processed = await processPhoto(await cameraJpeg(seed * 10 + i), {
          maxImportBytes: 40 * 1024 * 1024,
        });
        await vault.put(processed, { author: user });
        photos.push({
          sha256: processed.sha256,
          bytes: processed.bytes,
          width: processed.width,
          height: processed.height,
        });
      }
      await db.reports.save({ ...report, photos });
      return photos.map((p) => p.sha256);
    },

    startEngine(): void {
      const current = s();
      if (current.engine) return;
      current.engine = new SyncEngine({
        server: current.server,
        fetch: (url, init) => current.client.authorizedFetch(url, init),
        probe: () =>
          current.client.health().then(
            () => true,
            () => false,
          ),
        ...current.db.sync,
        vault: current.vault,
        openRemote: openRemoteVault,
        online: true,
      });
      void current.engine.start();
    },

    async stopEngine(): Promise<void> {
      const current = s();
      await current.engine?.stop();
      current.engine = null;
    },

    /** The open database's replicated collections, for the review lab (same page, same instance). */
    collections: () => s().db.sync.collections,
    status: (): SyncStatus | null => s().engine?.status ?? null,
    retry: (): void => s().engine?.retry(),
    setToken: (token: string): Promise<void> => s().tokens.set(s().server, token),
    get: (id: string): Promise<LocalReport | null> => s().db.reports.get(id),
    transitions: (id: string): string[] => s().transitions.get(id) ?? [],
    requests: (): LabRequest[] => s().requests,
    receipts: async (): Promise<string[]> => [...(await s().vault.receipts())].sort(),
    unsentCount: (): Promise<number> => firstValueFrom(s().db.reports.observeUnsentCount()),
    correct: async (
      id: string,
      changes: Partial<Pick<Report, 'categoryId' | 'description' | 'placeNote'>>,
    ) => {
      const local = await s().db.reports.get(id);
      if (!local) throw new Error(`no report ${id}`);
      await s().db.reports.correct({ ...local.report, ...changes });
    },
    /** Writes an event on this device as the case screen does (pending until the server answers). */
    addEvent: (event: ReportEvent): Promise<void> => s().db.cases.addEvent(event),
    /** A case as the case screen sees it: each event's sync state, and the status folded without refusals. */
    caseView: async (reportId: string) => {
      const view = await firstValueFrom(s().db.cases.observeCase(reportId));
      if (view === null) return null;
      return {
        status: view.state.status,
        verified: view.state.verified,
        events: view.events.map((e) => ({
          id: e.event.id,
          kind: e.event.kind,
          sync: e.sync,
          reason: e.refusedReason,
        })),
      };
    },
    /** Reports on this device, any author (pulled ones included). */
    allReports: async (): Promise<Array<{ id: string; author: string; sync: string }>> => {
      const docs = await s().db.sync.collections.reports.find().exec();
      return Promise.all(
        docs.map(async (d) => ({
          id: d.id,
          author: d.author,
          sync: (await s().db.reports.get(d.id))?.sync ?? 'none',
        })),
      );
    },
  };
}
