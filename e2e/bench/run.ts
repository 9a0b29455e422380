// `npm run bench`: runs each section and prints every figure beside its peer, both measured in the same run
// (DESIGN.md, "Contracts"). The photo section runs in real Chromium (launched, with the lab page built, only
// when that section is picked); the sync sections are Node only: real sync-server child processes on
// loopback, the real replicators (RxDB, PouchDB) as clients. Add a section by adding a BenchSection below.
// `npm run bench -- sync live` picks sections by name; BENCH_SCALE=0.1 shrinks every count.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../support/browser';
import type { BenchRow, BenchSection } from './bench-types';
import { changesBench } from './changes-bench';
import { evidenceBench } from './evidence-bench';
import { fanoutBench } from './fanout-bench';
import { officerBench } from './officer-bench';
import { photoBench } from './photo-bench';
import { reviewBench } from './review-bench';
import { statsBench } from './stats-bench';
import { syncBench } from './sync-bench';

const SECTIONS: BenchSection[] = [
  photoBench,
  syncBench,
  officerBench,
  changesBench,
  evidenceBench,
  fanoutBench,
  statsBench,
  reviewBench,
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function rate(ms: number, work: BenchRow['work']): string {
  if (!work) return '';
  const perSecond = work.amount / (ms / 1000);
  return ` (${perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1)} ${work.unit}/s)`;
}

function table(rows: { section: string; row: BenchRow }[]): string {
  const header = ['section', 'figure', 'median', 'peer', 'median', 'ratio', 'target', 'runs'];
  const lines = rows.map(({ section, row }) => {
    const ratio = row.medianMs / row.peerMedianMs;
    const verdict =
      row.targetRatio === undefined
        ? ''
        : `≤ ${row.targetRatio}× ${ratio <= row.targetRatio ? 'ok' : 'MISSED'}`;
    const value = (v: number) =>
      row.unit === 'B' ? `${(v / 1024 / 1024).toFixed(2)} MB` : `${v.toFixed(0)} ms${rate(v, row.work)}`;
    return [
      section,
      row.figure,
      value(row.medianMs),
      row.peer,
      value(row.peerMedianMs),
      `${ratio.toFixed(3)}×`,
      verdict,
      String(row.runs),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = process.argv.slice(2);
  const sections = only.length ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
  let chromium: Promise<{ browser: Browser; close: () => Promise<void> }> | null = null;
  const browser = async (): Promise<Browser> => {
    chromium ??= (async () => {
      console.log('bench: building the lab page…');
      await build({ configFile: path.join(repoRoot, 'renderer/vite.lab.config.ts'), logLevel: 'warn' });
      return launchChromium();
    })();
    return (await chromium).browser;
  };
  const rows: { section: string; row: BenchRow }[] = [];
  const notes: string[] = [];
  try {
    for (const section of sections) {
      const t0 = Date.now();
      for (const row of await section.run({ browser, log: (m) => console.log(`bench: ${m}`) })) {
        rows.push({ section: section.name, row });
        if (row.note) notes.push(`${section.name}: ${row.figure}: ${row.note}`);
      }
      console.log(`bench: ${section.name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    if (chromium) await (await chromium).close();
  }
  console.log('\n' + table(rows));
  if (notes.length) console.log('\n' + notes.join('\n'));
  console.log(`\nbench: wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
