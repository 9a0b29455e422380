import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

// Debian's Chromium, driven by playwright-core (no browser download is possible or wanted here).
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package (.ci/run does).');
  return found;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** A fresh browser: Playwright gives each launch a new temporary profile (a fresh --user-data-dir). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ARGS,
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * Chromium on a profile folder the test owns (`--user-data-dir`), so what the app leaves on disk can be read
 * after the browser is closed, and the same profile opened again (issue 13's profile scan).
 */
export function launchProfile(
  userDataDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ARGS,
    ...options,
  });
}
