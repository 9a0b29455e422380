// A page for tests and benchmarks only (built into .tmp/lab, never into the app): it exposes the real
// renderer data modules on `window.tertibLab` so Playwright can drive them in real Chromium with real
// IndexedDB, canvas and Web Crypto. Each area registers its own functions.
import { fixedDataKey } from '../src/data/keys/fixed-key';
import { registerLocalDataLab } from './local-data-lab';
import { registerPhotoLab } from './photo-lab';
import { registerReviewLab } from './review-lab';
import { registerSyncLab } from './sync-lab';

const lab: Record<string, unknown> = {};
// One fixed data key for every store the lab opens, the same across reloads (as the app's after unlocking).
void fixedDataKey('lab').then((key) => {
  registerPhotoLab(lab, key);
  registerLocalDataLab(lab, key);
  registerSyncLab(lab, key);
  registerReviewLab(lab);
  (window as unknown as { tertibLab: Record<string, unknown>; tertibLabReady: boolean }).tertibLab = lab;
  (window as unknown as { tertibLabReady: boolean }).tertibLabReady = true;
});
