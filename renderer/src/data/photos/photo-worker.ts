// The photo worker: decoding a 12 MP photo, resampling and encoding take a few hundred milliseconds that must
// not freeze the capture form. Jobs run one at a time so two large photos never hold their bitmaps at once.

import { transcode, type TranscodeOptions, type TranscodeOutcome } from './transcode';

export interface PhotoJob {
  id: number;
  input: Blob;
  opts: TranscodeOptions;
}

export interface PhotoJobResult {
  id: number;
  outcome: TranscodeOutcome;
}

// The renderer's tsconfig has the DOM lib, not the WebWorker one; this is the part of the worker scope used.
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<PhotoJob>) => void): void;
  postMessage(message: PhotoJobResult, options: { transfer: Transferable[] }): void;
};

let queue: Promise<void> = Promise.resolve();

scope.addEventListener('message', (event) => {
  const { id, input, opts } = event.data;
  queue = queue.then(async () => {
    const outcome = await transcode(input, opts);
    const transfer = outcome.ok ? [outcome.value.jpeg, outcome.value.thumbnail] : [];
    scope.postMessage({ id, outcome }, { transfer });
  });
});
