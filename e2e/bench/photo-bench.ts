import { openLab } from '../support/lab';
import { photoLab } from '../support/photo-lab-client';
import { median, type BenchSection } from './bench-types';

const RUNS = 9;
const WIDTH = 4000;
const HEIGHT = 3000;

/**
 * A 12 MP camera-like JPEG, made in the page: (a) capture-to-durable — processPhoto in the worker (sniff,
 * EXIF hints, decode, resize, re-encode, thumbnail, sha256) plus vault.put (IndexedDB transaction committed)
 * — against (b) the floor: the browser decoding and re-encoding the same input to the same size, nothing else.
 * The two alternate within each run so both see the same machine state.
 */
export const photoBench: BenchSection = {
  name: 'photos',
  async run({ browser, log }) {
    const lab = await openLab(await browser());
    try {
      const { page } = lab;
      const { inputBytes } = await photoLab(page, 'benchPrepare', WIDTH, HEIGHT, RUNS + 1);
      const mb = (median(inputBytes) / 1024 / 1024).toFixed(1);
      log(`photos: ${RUNS} runs + 1 warm-up of a ${WIDTH}×${HEIGHT} JPEG (${mb} MB)`);

      const warm = await photoLab(page, 'benchPipeline', 0);
      await photoLab(page, 'benchFloor', 0, warm.width, warm.height);

      const pipeline: number[] = [];
      const floor: number[] = [];
      let out = warm;
      for (let i = 1; i <= RUNS; i++) {
        const measurePipeline = async () => {
          out = await photoLab(page, 'benchPipeline', i);
          pipeline.push(out.ms);
        };
        const measureFloor = async () => {
          floor.push((await photoLab(page, 'benchFloor', i, warm.width, warm.height)).ms);
        };
        if (i % 2) {
          await measurePipeline();
          await measureFloor();
        } else {
          await measureFloor();
          await measurePipeline();
        }
      }
      return [
        {
          figure: `capture-to-durable, 12 MP → ${out.width}×${out.height}`,
          medianMs: median(pipeline),
          peer: 'floor: decode + resize + encode',
          peerMedianMs: median(floor),
          runs: RUNS,
          targetRatio: 1.2,
          note: `stored JPEG ≈ ${Math.round(out.bytes / 1024)} KB`,
        },
      ];
    } finally {
      await lab.close();
    }
  },
};
