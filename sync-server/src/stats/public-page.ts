import crypto from 'node:crypto';
import type { PublicStatsResponse } from '../../../domain/api';
import { STATUS_LABELS, isStatus } from '../../../domain/status';

// The public statistics page at `/public`: server-rendered HTML in Indonesian, no script, no external
// asset, one stylesheet allowed by its hash. Bars are SVG rectangles sized by attribute (a strict CSP
// forbids inline `style`), hidden from screen readers because the number beside each is the content.
// Everything that comes from data is escaped, although the response it renders carries only counts,
// codes, official area names and category labels.

const CSS = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1b1f24; background: #fff; }
body { margin: 0 auto; max-width: 56rem; padding: 1.5rem 1rem 3rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.headline { font-size: 1.35rem; font-weight: 600; margin: 1rem 0 .25rem; }
.muted { color: #57606a; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: middle; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; width: 6rem; }
td.bar { width: 40%; }
svg.bar { display: block; width: 100%; height: .9rem; }
svg.bar rect { fill: #0b6e4f; }
footer { margin-top: 2.5rem; font-size: .9rem; }
`;

const CSS_HASH = crypto.createHash('sha256').update(CSS).digest('base64');

/** No script at all; the one style block by hash; nothing may frame, submit or load from elsewhere. */
export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${CSS_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const number = new Intl.NumberFormat('id-ID');
const dayFormat = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('id-ID', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Asia/Jakarta',
});

/** "96% dari 5.275 laporan selesai ditangani" — rejected reports are not in the base, as in api.ts. */
export function resolvedSentence(
  stats: Pick<PublicStatsResponse, 'shareResolved' | 'total' | 'rejected'>,
): string {
  if (stats.shareResolved === null) return 'Belum ada laporan yang dapat dihitung.';
  const percent = Math.round(stats.shareResolved * 100);
  return `${percent}% dari ${number.format(stats.total - stats.rejected)} laporan selesai ditangani`;
}

interface Row {
  label: string;
  count: number;
}

function table(id: string, caption: string, head: string, rows: Row[], note = ''): string {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const body = rows.length
    ? rows
        .map((r) => {
          const width = ((r.count / max) * 100).toFixed(1);
          return (
            `<tr><th scope="row">${escapeHtml(r.label)}</th><td class="num">${number.format(r.count)}</td>` +
            `<td class="bar" aria-hidden="true"><svg class="bar" focusable="false"><rect x="0" y="0" height="100%" width="${width}%"></rect></svg></td></tr>`
          );
        })
        .join('\n')
    : '<tr><td colspan="3" class="muted">Belum ada data.</td></tr>';
  return `<section aria-labelledby="${id}">
<h2 id="${id}">${escapeHtml(caption)}</h2>${note ? `\n<p class="muted">${escapeHtml(note)}</p>` : ''}
<table>
<thead><tr><th scope="col">${escapeHtml(head)}</th><th scope="col" class="num">Jumlah laporan</th><td aria-hidden="true"></td></tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

/** Days shown on the page (the API has them all). */
export const PUBLIC_PAGE_DAYS = 30;

export function renderPublicPage(stats: PublicStatsResponse): string {
  const statusRows = stats.byStatus.map((r) => ({
    label: isStatus(r.key) ? STATUS_LABELS[r.key].id : r.key,
    count: r.count,
  }));
  const areaRows: Row[] = stats.byArea.map((r) => ({ label: r.name, count: r.count }));
  if (stats.otherAreas > 0) {
    areaRows.push({
      label: `Kecamatan lain (masing-masing kurang dari ${stats.suppressBelow} laporan)`,
      count: stats.otherAreas,
    });
  }
  if (stats.withoutArea > 0) areaRows.push({ label: 'Tanpa keterangan wilayah', count: stats.withoutArea });
  const dayRows = stats.byDay.slice(-PUBLIC_PAGE_DAYS).map((r) => ({
    label: dayFormat.format(new Date(`${r.key}T00:00:00.000Z`)),
    count: r.count,
  }));
  const generated = new Date(stats.generatedAt);
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Statistik laporan penertiban — Tertib</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Statistik laporan penertiban</h1>
<p class="muted">Angka gabungan laporan petugas Satpol PP. Tidak memuat nama, uraian, foto, maupun lokasi yang lebih rinci dari kecamatan.</p>
</header>
<main>
<p class="headline" id="share-resolved">${escapeHtml(resolvedSentence(stats))}</p>
<p class="muted">Seluruhnya ${number.format(stats.total)} laporan yang diambil sampai dengan <time datetime="${escapeHtml(stats.through)}" id="through">${escapeHtml(/^\d{4}-\d{2}-\d{2}$/.test(stats.through) ? dayFormat.format(new Date(`${stats.through}T00:00:00.000Z`)) : stats.through)}</time>, termasuk ${number.format(stats.rejected)} yang ditolak; laporan hari ini ditampilkan besok. Diperbarui <time datetime="${escapeHtml(stats.generatedAt)}">${escapeHtml(timeFormat.format(generated))} WIB</time>.</p>
${table('by-status', 'Menurut status', 'Status', statusRows)}
${table(
  'by-category',
  'Menurut kategori',
  'Kategori',
  stats.byCategory.map((r) => ({ label: r.name, count: r.count })),
)}
${table(
  'by-area',
  'Menurut kecamatan',
  'Kecamatan',
  areaRows,
  `Kecamatan dengan kurang dari ${stats.suppressBelow} laporan digabung agar tidak ada orang yang dapat dikenali dari angka kecil.`,
)}
${table('by-day', `Menurut hari (${PUBLIC_PAGE_DAYS} hari terakhir yang tercatat)`, 'Tanggal', dayRows)}
</main>
<footer class="muted">Data yang sama dalam format JSON: <a href="/api/public/stats">/api/public/stats</a>.</footer>
</body>
</html>
`;
}
