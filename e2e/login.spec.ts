import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  cleanup,
  makeTestEnv,
  repoRoot,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';
import { serveStatic } from './support/static-server';

// The renderer in real Chromium against a real sync-server (`serve --web`, i.e. `npm run web`), and the same
// renderer served from another origin, as in Electron, where it must use the bearer token.

const webRoot = path.join(repoRoot, 'dist', 'renderer');

async function signIn(page: Page, server: string, name: string, password: string): Promise<void> {
  await page.getByLabel('Alamat server').fill(server);
  await page.getByLabel('Nama pengguna').fill(name);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

async function navItems(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
  await nav.waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}

describe('login and navigation in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let other: { origin: string; close: () => Promise<void> };

  beforeAll(async () => {
    other = await serveStatic(webRoot);
    t = makeTestEnv({ TERTIB_ALLOWED_ORIGINS: `app://tertib,${other.origin}` });
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    await addUser(t, 'budi', 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
    server = await startServer(t, ['--web']);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    await other?.close();
    if (t) cleanup(t);
  });

  it('serves the web app with a CSP header that lets it talk to this server only, and never framed', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(server.url + '/');
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Another origin (the static server here) is refused by the browser before any request leaves it.
      const blocked = await page.evaluate(async (elsewhere) => {
        const violation = new Promise<string>((resolve) =>
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
            once: true,
          }),
        );
        await fetch(elsewhere + '/index.html').catch(() => undefined);
        return violation;
      }, other.origin);
      expect(blocked).toBe('connect-src');
      // Its own server it still reaches.
      expect(await page.evaluate(async () => (await fetch('/api/health')).status)).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('shows an officer and a supervisor their own navigation; a reload keeps the session', async () => {
    const officer = await browser.newContext();
    const supervisor = await browser.newContext();
    try {
      const p1 = await officer.newPage();
      await p1.goto(server.url + '/');
      await expect.poll(() => p1.getByLabel('Alamat server').inputValue()).toBe(server.url);
      await signIn(p1, server.url, 'ani', 'kata-sandi-ani');
      expect(await navItems(p1)).toEqual(['Laporan baru', 'Laporan saya', 'Tugas']);
      expect(await p1.getByTestId('user-name').innerText()).toContain('ani');
      expect(await p1.getByTestId('user-role').innerText()).toBe('Petugas');
      await expect.poll(() => p1.getByTestId('connection-status').innerText()).toBe('Daring');

      const p2 = await supervisor.newPage();
      await p2.goto(server.url + '/');
      await signIn(p2, server.url, 'budi', 'kata-sandi-budi');
      expect(await navItems(p2)).toEqual(['Antrean tinjauan', 'Dasbor', 'Periksa berkas']);
      expect(await p2.getByTestId('user-role').innerText()).toBe('Pengawas');

      // Web mode uses the HttpOnly cookie: nothing readable by scripts, and a reload keeps the session.
      const cookies = await officer.cookies(server.url);
      expect(cookies.find((c) => c.name === 'tertib_session')?.httpOnly).toBe(true);
      await p1.reload();
      await unlockWithPassword(p1, 'kata-sandi-ani');
      expect(await navItems(p1)).toEqual(['Laporan baru', 'Laporan saya', 'Tugas']);

      await p1.getByRole('button', { name: 'Keluar' }).click();
      await p1.getByRole('button', { name: 'Masuk' }).waitFor();
      await p1.reload();
      await p1.getByRole('button', { name: 'Masuk' }).waitFor();
    } finally {
      await officer.close();
      await supervisor.close();
    }
  });

  it('says clearly, in Indonesian, that the password is wrong', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(server.url + '/');
      await signIn(page, server.url, 'ani', 'salah-sekali');
      await expect
        .poll(() => page.getByRole('alert').innerText())
        .toContain('Nama pengguna atau kata sandi salah.');
      expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('switches the language to English and keeps it after a reload', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(server.url + '/');
      await page.getByTestId('language-switch').selectOption('en');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.reload();
      await page.getByLabel('User name').fill('budi');
      await page.getByLabel('Password').fill('kata-sandi-budi');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.waitFor();
      expect((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim())).toEqual([
        'Review queue',
        'Dashboard',
        'Check a bundle',
      ]);
      expect(await page.getByTestId('user-role').innerText()).toBe('Supervisor');
    } finally {
      await ctx.close();
    }
  });

  it('logs in with the keyboard alone', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(server.url + '/');
      await page.getByLabel('Nama pengguna').focus();
      await page.keyboard.type('ani');
      await page.keyboard.press('Tab');
      await page.keyboard.type('kata-sandi-ani');
      await page.keyboard.press('Enter');
      expect(await navItems(page)).toEqual(['Laporan baru', 'Laporan saya', 'Tugas']);
    } finally {
      await ctx.close();
    }
  });

  it('works from another origin, as in Electron, with the bearer token instead of a cookie', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      const authHeaders: string[] = [];
      page.on('request', (req) => {
        if (req.url().startsWith(server.url + '/api/session') && req.method() === 'GET') {
          authHeaders.push(req.headers()['authorization'] ?? '');
        }
      });
      await page.goto(other.origin + '/');
      expect(new URL(page.url()).origin).not.toBe(new URL(server.url).origin);
      await signIn(page, server.url, 'ani', 'kata-sandi-ani');
      expect(await navItems(page)).toEqual(['Laporan baru', 'Laporan saya', 'Tugas']);
      expect(await ctx.cookies(server.url)).toEqual([]);
      await page.reload();
      await unlockWithPassword(page, 'kata-sandi-ani');
      expect(await navItems(page)).toEqual(['Laporan baru', 'Laporan saya', 'Tugas']);
      expect(authHeaders.some((h) => /^Bearer [A-Za-z0-9_-]{43}$/.test(h))).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
