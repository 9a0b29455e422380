import { useCallback, useEffect, useRef, useState } from 'react';
import {
  isQuotaExceeded,
  PhotoError,
  type PhotoErrorCode,
  type PhotoVault,
  type ProcessedPhoto,
} from '../data/contracts';
import { processPhoto } from '../data/photos';

export type IntakeProblem = PhotoErrorCode | 'storage-full' | 'unexpected' | 'camera-no-frame';

export interface PhotoIntake {
  /** Images still being resized and stored. */
  processing: number;
  problem: IntakeProblem | null;
  /** Takes images in order; each is resized, stored in the vault at once, then handed to `onStored`. */
  add(images: readonly Blob[]): Promise<void>;
  dismissProblem(): void;
  /** Shows a problem found before intake (e.g. the camera gave no frame). */
  fail(code: IntakeProblem): void;
}

export interface PhotoIntakeOptions {
  vault: PhotoVault | null;
  author: string;
  /** The report the photos are taken for (a new report's draft id, or the case an "after" photo closes). */
  reportId: () => string;
  maxPhotos: number;
  maxImportBytes: number;
  /** How many photos the draft holds now. */
  photoCount: () => number;
  onStored: (photo: ProcessedPhoto) => void;
}

/**
 * Photo intake, one image at a time (decoding a 50 MP JPEG takes a few hundred MB; two at once can crash
 * a low-end tablet). Storing in the vault at capture time means a crash loses no photo already taken;
 * photos are content-addressed, so the same picture twice is stored once.
 */
export function usePhotoIntake(options: PhotoIntakeOptions): PhotoIntake {
  const [processing, setProcessing] = useState(0);
  const [problem, setProblem] = useState<IntakeProblem | null>(null);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);

  const intakeOne = useCallback(async (image: Blob): Promise<void> => {
    const { vault, author, reportId, maxImportBytes, onStored } = optionsRef.current;
    // When the image reached the app (the frame taken, the file picked): signed with the photo document.
    const capturedAt = new Date().toISOString();
    try {
      if (vault === null) throw new Error('photo vault not open');
      const photo = await processPhoto(image, { maxImportBytes });
      await vault.put(photo, { author, reportId: reportId(), capturedAt });
      onStored(photo);
    } catch (error) {
      setProblem(
        error instanceof PhotoError ? error.code : isQuotaExceeded(error) ? 'storage-full' : 'unexpected',
      );
    }
  }, []);

  const add = useCallback(
    (images: readonly Blob[]): Promise<void> => {
      setProblem(null);
      const accepted: Blob[] = [];
      for (const image of images) {
        // Checked before any decoding: a sixth photo is refused without spending a second on it.
        const { photoCount, maxPhotos } = optionsRef.current;
        if (photoCount() + inFlight.current + accepted.length >= maxPhotos) {
          setProblem('too-many');
          break;
        }
        accepted.push(image);
      }
      inFlight.current += accepted.length;
      setProcessing((n) => n + accepted.length);
      const run = accepted.reduce(
        (chain, image) =>
          chain.then(async () => {
            await intakeOne(image);
            inFlight.current -= 1;
            setProcessing((n) => n - 1);
          }),
        queue.current,
      );
      queue.current = run;
      return run;
    },
    [intakeOne],
  );

  const dismissProblem = useCallback(() => setProblem(null), []);
  /** A problem found before intake (e.g. the camera gave no frame), shown like the others. */
  const fail = useCallback((code: IntakeProblem) => setProblem(code), []);
  return { processing, problem, add, dismissProblem, fail };
}
