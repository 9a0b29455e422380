import crypto from 'node:crypto';
import { aReport } from '../../domain/test-fixtures';
import { openLab, syncLab } from '../support/lab';
import type { BenchRow, BenchSection } from './bench-types';
import { startBenchServer, until } from './bench-server';
import { KB, MB, benchLinks, countFor, floorMs, gzippedJsonBytes, shapedProxy } from './links';

// What the officer feels (issue 10): the app's own sync engine in Chromium (renderer/lab/sync-lab.ts: RxDB
// on IndexedDB, the PouchDB vault, real camera-like JPEGs through processPhoto) holds a backlog of N reports
// with 3 photos each, made offline; then it comes online through the bench link, and the clock runs until
// the last report shows *terkirim* (the server holds it and has receipted every photo). Beside it the floor:
// the JPEGs and the gzip-compressed reports at the uplink's rate, plus one round trip.

const OFFICER = 'ani';
const PHOTOS_PER_REPORT = 3;

export const officerBench: BenchSection = {
  name: 'officer',
  async run({ browser, log }) {
    const rows: BenchRow[] = [];
    for (const link of benchLinks()) {
      const n = countFor(link, 50, 50, 2);
      const lab = await openLab(await browser());
      const s = await startBenchServer({ TERTIB_ALLOWED_ORIGINS: lab.origin });
      const proxy = await shapedProxy(s.url, link);
      try {
        await s.addUser(OFFICER, 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
        const token = await s.token(OFFICER);
        await syncLab(lab.page, 'open', proxy.url, OFFICER, token, false);
        log(`officer: ${link.name}: saving ${n} reports with ${PHOTOS_PER_REPORT} photos each, offline…`);
        const reports = [];
        for (let i = 0; i < n; i++) {
          const report = aReport({
            id: crypto.randomUUID(),
            author: OFFICER,
            team: 'regu-1',
            region: 'jakarta-pusat',
            createdAt: new Date().toISOString(),
          });
          await syncLab(lab.page, 'saveWithPhotos', report, PHOTOS_PER_REPORT, i + 1);
          reports.push(report);
        }
        proxy.resetStats();
        const t0 = performance.now();
        await syncLab(lab.page, 'startEngine');
        await until(
          async () => (await syncLab<number>(lab.page, 'unsentCount')) === 0,
          `${n} reports terkirim on ${link.name}`,
          1_800_000,
          200,
        );
        const ms = performance.now() - t0;
        const wire = proxy.stats.bytesUp + proxy.stats.bytesDown;
        // What had to cross: the stored JPEGs (as the server holds them) and the reports as sent.
        const held = (await (
          await s.admin(
            `photos/_all_docs?include_docs=true&startkey=%22photo%3A%22&endkey=%22photo%3A%EF%BF%B0%22`,
          )
        ).json()) as { rows: Array<{ doc: { bytes: number } }> };
        const jpegBytes = held.rows.reduce((sum, r) => sum + r.doc.bytes, 0);
        if (held.rows.length !== n * PHOTOS_PER_REPORT) {
          throw new Error(`officer: the server holds ${held.rows.length} of ${n * PHOTOS_PER_REPORT} photos`);
        }
        const mustCross = jpegBytes + gzippedJsonBytes(reports);
        const floor = floorMs(link, mustCross, 0);
        log(
          `officer: ${link.name}: ${(ms / 1000).toFixed(1)} s to the last terkirim; JPEGs ${(jpegBytes / MB).toFixed(1)} MB ` +
            `(${Math.round(jpegBytes / (n * PHOTOS_PER_REPORT) / KB)} KB each), ${(wire / MB).toFixed(1)} MB on the wire`,
        );
        rows.push({
          figure: `online → last of ${n} reports terkirim (${n * PHOTOS_PER_REPORT} photos), app in Chromium, ${link.name}`,
          medianMs: ms,
          peer: 'floor: JPEGs + gzip(reports) / uplink + RTT',
          peerMedianMs: floor,
          runs: 1,
          note: `${(wire / mustCross).toFixed(3)}× the bytes that must cross went over the wire (receipts and checkpoints included)`,
        });
      } finally {
        await syncLab(lab.page, 'close').catch(() => undefined);
        await proxy.close();
        await s.close();
        await lab.close();
      }
    }
    return rows;
  },
};
