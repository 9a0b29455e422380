// `npm run bench`: builds the lab page, then runs each section in real Chromium and prints every figure
// beside its peer, both measured in the same run (DESIGN.md, "Contracts"). Add a section by adding a
// BenchSection to SECTIONS (sync throughput and the changes feed are the next ones).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../support/browser';
import type { BenchRow, BenchSection } from './bench-types';
import { photoBench } from './photo-bench';

const SECTIONS: BenchSection[] = [photoBench];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function table(rows: { section: string; row: BenchRow }[]): string {
  const header = ['section', 'figure', 'median', 'peer', 'median', 'ratio', 'target', 'runs'];
  const lines = rows.map(({ section, row }) => {
    const ratio = row.medianMs / row.peerMedianMs;
    const verdict =
      row.targetRatio === undefined
        ? ''
        : `< ${row.targetRatio}× ${ratio < row.targetRatio ? 'ok' : 'MISSED'}`;
    return [
      section,
      row.figure,
      `${row.medianMs.toFixed(0)} ms`,
      row.peer,
      `${row.peerMedianMs.toFixed(0)} ms`,
      `${ratio.toFixed(2)}×`,
      verdict,
      String(row.runs),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections = only.length ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
  console.log('bench: building the lab page…');
  await build({ configFile: path.join(repoRoot, 'renderer/vite.lab.config.ts'), logLevel: 'warn' });
  const { browser, close } = await launchChromium();
  const rows: { section: string; row: BenchRow }[] = [];
  const notes: string[] = [];
  try {
    for (const section of sections) {
      for (const row of await section.run({ browser, log: (m) => console.log(`bench: ${m}`) })) {
        rows.push({ section: section.name, row });
        if (row.note) notes.push(`${section.name}: ${row.figure}: ${row.note}`);
      }
    }
  } finally {
    await close();
  }
  console.log('\n' + table(rows));
  if (notes.length) console.log('\n' + notes.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
