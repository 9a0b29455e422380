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

/** Calls `window.tertibLab.sync[name](...args)` in the page (renderer/lab/sync-lab.ts). */
export function syncLab<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([fn, rest]) => {
      const api = (window as unknown as { tertibLab: { sync: Record<string, (...a: unknown[]) => unknown> } })
        .tertibLab.sync;
      return api[fn as string]!(...(rest as unknown[])) as Promise<T>;
    },
    [name, args] as const,
  );
}
