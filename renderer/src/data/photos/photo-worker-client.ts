// Sends transcoding jobs to the photo worker, falling back to the main thread where a module worker or
// OffscreenCanvas is unavailable, or the worker script cannot start (e.g. a stricter CSP).

import type { PhotoJob, PhotoJobResult } from './photo-worker';
import { transcode, type TranscodeOptions, type TranscodeOutcome } from './transcode';

interface Pending {
  job: PhotoJob;
  resolve: (outcome: TranscodeOutcome) => void;
  reject: (err: unknown) => void;
}

/** undefined: not started yet; null: this page works on the main thread. */
let worker: Worker | null | undefined;
let answered = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function runHere(p: Pending): void {
  transcode(p.job.input, p.job.opts).then(p.resolve, p.reject);
}

function onWorkerError(w: Worker, event: Event): void {
  event.preventDefault();
  w.terminate();
  const jobs = [...pending.values()];
  pending.clear();
  if (answered) {
    // It worked before, so a job crashed it (out of memory): fail those jobs, start afresh next time.
    worker = undefined;
    answered = false;
    for (const p of jobs) p.reject(new Error('The photo worker stopped while processing a photo'));
  } else {
    worker = null;
    for (const p of jobs) runHere(p);
  }
}

function photoWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return (worker = null);
  let w: Worker;
  try {
    w = new Worker(new URL('./photo-worker.ts', import.meta.url), { type: 'module', name: 'tertib-photos' });
  } catch {
    return (worker = null);
  }
  w.addEventListener('message', (event: MessageEvent<PhotoJobResult>) => {
    answered = true;
    const p = pending.get(event.data.id);
    pending.delete(event.data.id);
    p?.resolve(event.data.outcome);
  });
  w.addEventListener('error', (event) => onWorkerError(w, event));
  return (worker = w);
}

/** Transcodes off the UI thread when the platform allows, on it otherwise. */
export function transcodeOffThread(input: Blob, opts: TranscodeOptions): Promise<TranscodeOutcome> {
  const w = photoWorker();
  if (!w) return transcode(input, opts);
  return new Promise((resolve, reject) => {
    const job: PhotoJob = { id: nextId++, input, opts };
    pending.set(job.id, { job, resolve, reject });
    w.postMessage(job);
  });
}

/** Whether photos are processed in a worker on this page (for diagnostics and tests). */
export function photoWorkerActive(): boolean {
  return photoWorker() !== null;
}
