// A page for tests and benchmarks only (built into .tmp/lab, never into the app): it exposes the real
// renderer data modules on `window.tertibLab` so Playwright can drive them in real Chromium with real
// IndexedDB, canvas and Web Crypto. Each area registers its own functions.
import { registerLocalDataLab } from './local-data-lab';
import { registerPhotoLab } from './photo-lab';
import { registerReviewLab } from './review-lab';
import { registerSyncLab } from './sync-lab';

const lab: Record<string, unknown> = {};
registerPhotoLab(lab);
registerLocalDataLab(lab);
registerSyncLab(lab);
registerReviewLab(lab);
(window as unknown as { tertibLab: Record<string, unknown>; tertibLabReady: boolean }).tertibLab = lab;
(window as unknown as { tertibLabReady: boolean }).tertibLabReady = true;
