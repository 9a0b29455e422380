import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../sync-server/test/harness';
import { serveStatic } from './static-server';

export const labRoot = path.join(repoRoot, '.tmp', 'lab');

export interface Lab {
  origin: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** The lab page (renderer/lab/) in a fresh browser context, with `window.tertibLab` ready. */
export async function openLab(browser: Browser): Promise<Lab> {
  const server = await serveStatic(labRoot);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/index.html');
  await page.waitForFunction(
    () => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady === true,
  );
  return {
    origin: server.origin,
    context,
    page,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}
