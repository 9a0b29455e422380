// The local database on `window.tertibLab.localData`, for e2e/local-data.spec.ts: real RxDB on real
// IndexedDB in Chromium. Everything crosses page.evaluate as plain data; errors as `{ error }`.

import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { firstValueFrom } from 'rxjs';
import type { Report } from '../../domain/report';
import type { ReportEvent } from '../../domain/report-events';
import type { Draft, LocalReport, SyncState } from '../src/data/contracts';
import { openLocalDatabase, photoVaultName, type LocalDatabase } from '../src/data/db/local-database';
import { DataKeyContext } from '../src/data/keys/data-key-context';
import { LocalDataProvider } from '../src/data/local-data';
import type { DataKey } from '../src/data/keys/data-key';
import { openPhotoVault } from '../src/data/photos/photo-vault';
import { wipeUserData } from '../src/data/wipe';
import { openDeviceSigner } from '../src/data/device-key/device-key';
import { MyReportsScreen } from '../src/app/screens/MyReportsScreen';
import { changeLanguage, initI18n, type Language } from '../src/i18n';

/** A small real JPEG in the user's vault (as the capture flow stores it); returns its sha256. */
async function seedPhoto(server: string, user: string, color: string, key: DataKey): Promise<string> {
  const canvas = new OffscreenCanvas(64, 48);
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('no 2d context');
  g.fillStyle = color;
  g.fillRect(0, 0, 64, 48);
  const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await jpeg.arrayBuffer()));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const vault = openPhotoVault(await photoVaultName(server, user), { key });
  try {
    await vault.put(
      { sha256, bytes: jpeg.size, width: 64, height: 48, jpeg, thumbnail: jpeg, exif: null },
      { author: user },
    );
  } finally {
    await vault.close();
  }
  return sha256;
}

export type LabResult<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

async function attempt<T>(run: () => Promise<T>): Promise<LabResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    return { ok: false, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err) } };
  }
}

export function registerLocalDataLab(lab: Record<string, unknown>, key: DataKey): void {
  let current: LocalDatabase | null = null;
  let screen: Root | null = null;
  let i18nReady = false;
  const db = (): LocalDatabase => {
    if (current === null) throw new Error('Call openDb(server, user) first.');
    return current;
  };

  lab.localData = {
    /** Opens the (server, user) database, closing the one opened before; returns its IndexedDB name. */
    async openDb(server: string, user: string): Promise<string> {
      await current?.close();
      current = null;
      current = await openLocalDatabase({ server, user, key });
      return current.name;
    },
    async closeDb(): Promise<void> {
      await current?.close();
      current = null;
    },
    saveReport: (report: Report): Promise<LabResult<null>> =>
      attempt(async () => {
        await db().reports.save(report);
        return null;
      }),
    getReport: (id: string): Promise<LocalReport | null> => db().reports.get(id),
    listMine: (author: string): Promise<LocalReport[]> =>
      firstValueFrom(db().reports.observeByAuthor(author)),
    unsentCount: (): Promise<number> => firstValueFrom(db().reports.observeUnsentCount()),
    referencedPhotos: async (): Promise<string[]> => [...(await db().reports.referencedPhotos())].sort(),
    recordEvents: (events: ReportEvent[]): Promise<LabResult<null>> =>
      attempt(async () => {
        await db().reports.recordEvents(events);
        return null;
      }),
    setSyncState: (id: string, state: SyncState, reason: string | null = null): Promise<void> =>
      db().reports.setSyncState(id, state, reason),
    draftSave: (draft: Draft): Promise<void> => db().drafts.save(draft),
    draftLoad: (): Promise<Draft | null> => db().drafts.load(),
    draftClear: (): Promise<void> => db().drafts.clear(),
    seedPhoto: (server: string, user: string, color: string) => seedPhoto(server, user, color, key),
    /** Mounts the real "Laporan saya" screen (with its provider) for `user`; closes the lab's own handle. */
    async renderMyReports(server: string, user: string, language: Language = 'id'): Promise<void> {
      await current?.close();
      current = null;
      if (!i18nReady) initI18n();
      i18nReady = true;
      await changeLanguage(language);
      screen?.unmount();
      let host = document.getElementById('my-reports-host');
      if (host === null) {
        host = document.createElement('div');
        host.id = 'my-reports-host';
        document.body.append(host);
      }
      screen = createRoot(host);
      const content = createElement(MyReportsScreen, { user: { name: user } });
      screen.render(
        createElement(DataKeyContext.Provider, {
          value: key,
          children: createElement(LocalDataProvider, { server, user, children: content }),
        }),
      );
    },
    unmountMyReports(): void {
      screen?.unmount();
      screen = null;
    },
    /** IndexedDB database names on this origin, to check what a user's data is stored under. */
    databases: async (): Promise<string[]> => (await indexedDB.databases()).map((d) => d.name ?? '').sort(),
    /** Makes (or opens) this device's signing key for (server, user), as the first sign-in does (issue 11). */
    async deviceKey(server: string, user: string): Promise<string> {
      return (await openDeviceSigner(server, user)).deviceId;
    },
    /** Wipes everything of (server, user) (data/wipe.ts); the open database is closed first. */
    async wipe(server: string, user: string): Promise<string[]> {
      await current?.close();
      current = null;
      return wipeUserData(server, user);
    },
  };
}
