import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import { useCamera } from '../../capture/use-camera';
import { usePhotoIntake } from '../../capture/use-photo-intake';
import type { CaptureSettings } from '../../data/contracts';
import { useLocalData } from '../../data/local-data';
import { captureVideoFrame } from '../../data/photos';
import { PhotoPanel } from '../capture/PhotoPanel';

/**
 * "After" photos in the Selesai form (issue 5): the capture screen's pipeline — camera or file, resized and
 * stored in the vault at once under the supervisor's name — so they upload through the same vault push as a
 * report's photos. A photo stored and then left out (removed, or the form cancelled) is an orphan the vault
 * clears after a day; one the closing event names is kept (`referencedPhotos` reads events too).
 */
export function AfterPhotos({
  author,
  reportId,
  settings,
  onChange,
  onProcessing,
}: {
  author: string;
  /** The case these photos close: their signed photo documents name it. */
  reportId: string;
  settings: Pick<CaptureSettings, 'maxPhotos' | 'maxImportBytes'>;
  onChange: (photos: Photo[]) => void;
  /** How many images are still being resized and stored: the form waits for them. */
  onProcessing: (count: number) => void;
}) {
  const { t } = useTranslation();
  const { vault } = useLocalData();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const current = useRef<Photo[]>([]);
  const camera = useCamera();
  const { maxPhotos, maxImportBytes } = settings;

  const set = (next: Photo[]) => {
    current.current = next;
    setPhotos(next);
    onChange(next);
  };

  const intake = usePhotoIntake({
    vault,
    author,
    reportId: () => reportId,
    maxPhotos,
    maxImportBytes,
    photoCount: () => current.current.length,
    onStored: ({ sha256, bytes, width, height }) => {
      if (current.current.some((p) => p.sha256 === sha256)) return;
      const next = [...current.current, { sha256, bytes, width, height }];
      set(next);
      if (next.length >= maxPhotos) camera.stop();
    },
  });

  useEffect(() => onProcessing(intake.processing), [intake.processing, onProcessing]);
  const stopCamera = camera.stop;
  useEffect(() => stopCamera, [stopCamera]);

  return (
    <div className="case-after-photos" data-testid="after-photos">
      <PhotoPanel
        photos={photos}
        maxPhotos={maxPhotos}
        maxImportBytes={maxImportBytes}
        processing={intake.processing}
        problem={intake.problem}
        invalid={false}
        problemId="after-photos-hint"
        idPrefix="after"
        title={t('case.actions.fields.afterPhotos')}
        emptyHint={t('case.actions.fields.afterPhotosHint')}
        camera={camera}
        onFiles={(files) => void intake.add(files)}
        onTake={async (video) => {
          const frame = await captureVideoFrame(video).catch(() => null);
          if (frame === null) intake.fail('camera-no-frame');
          else await intake.add([frame]);
        }}
        onRemove={(sha256) => {
          intake.dismissProblem();
          set(current.current.filter((p) => p.sha256 !== sha256));
        }}
      />
    </div>
  );
}
