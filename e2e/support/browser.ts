import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium, driven by playwright-core (no browser download is possible or wanted here).
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package (.ci/run does).');
  return found;
}

/** A fresh browser: Playwright gives each launch a new temporary profile (a fresh --user-data-dir). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
