import { describe, expect, it } from 'vitest';
import type { PublicStatsResponse } from '../../../domain/api';
import { escapeHtml, PUBLIC_PAGE_CSP, renderPublicPage, resolvedSentence } from './public-page';

const stats: PublicStatsResponse = {
  ok: true,
  generatedAt: '2026-11-30T07:00:00.000Z',
  through: '2026-11-29',
  suppressBelow: 5,
  total: 5400,
  resolved: 5064,
  rejected: 125,
  shareResolved: 5064 / 5275,
  byCategory: [{ key: 'x', name: '<script>alert(1)</script>', count: 7 }],
  byStatus: [{ key: 'selesai', count: 5064 }],
  byDay: [{ key: '2026-11-29', count: 3 }],
  byArea: [{ key: '31.71.01', name: 'Gambir " onload="x', count: 9 }],
  otherAreas: 4,
  withoutArea: 2,
};

describe('public page', () => {
  it('escapes every hostile character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('says the share resolved like the Jakarta CRM, in Indonesian number format', () => {
    expect(resolvedSentence(stats)).toBe('96% dari 5.275 laporan selesai ditangani');
    expect(resolvedSentence({ ...stats, shareResolved: null })).toBe(
      'Belum ada laporan yang dapat dihitung.',
    );
  });

  it('renders data only as escaped text, with no script and no inline style', () => {
    const html = renderPublicPage(stats);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Gambir &quot; onload=&quot;x');
    expect(html).not.toMatch(/<script|style="/);
    expect(html).toContain('Kecamatan lain (masing-masing kurang dari 5 laporan)');
    expect(html).toContain('Tanpa keterangan wilayah');
    expect(PUBLIC_PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
