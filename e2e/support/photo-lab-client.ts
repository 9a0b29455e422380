import type { Page } from 'playwright-core';
import type { PhotoLab } from '../../renderer/lab/photo-lab-api';

/** Calls `window.tertibLab.photos[name](...args)` in the page, typed against the lab's own signature. */
export function photoLab<K extends keyof PhotoLab>(
  page: Page,
  name: K,
  ...args: Parameters<PhotoLab[K]>
): Promise<Awaited<ReturnType<PhotoLab[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const lab = (
        window as unknown as { tertibLab: { photos: Record<string, (...x: unknown[]) => unknown> } }
      ).tertibLab.photos;
      return lab[n]!(...a);
    },
    [name as string, args as unknown[]] as const,
  ) as Promise<Awaited<ReturnType<PhotoLab[K]>>>;
}
