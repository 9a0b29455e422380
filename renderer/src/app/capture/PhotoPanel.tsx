import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import type { CameraState } from '../../capture/use-camera';
import type { IntakeProblem } from '../../capture/use-photo-intake';
import { CameraView } from './CameraView';
import { PhotoThumb } from './PhotoThumb';

export interface PhotoPanelProps {
  photos: readonly Photo[];
  maxPhotos: number;
  maxImportBytes: number;
  processing: number;
  problem: IntakeProblem | null;
  invalid: boolean;
  problemId: string;
  camera: CameraState;
  onFiles: (files: File[]) => void;
  onTake: (video: HTMLVideoElement) => Promise<void>;
  onRemove: (sha256: string) => void;
  /** Reuse elsewhere (the case screen's after-photos): heading, the id prefix, the text with no photos. */
  title?: string;
  idPrefix?: string;
  emptyHint?: string;
}

const MIB = 1024 * 1024;

export function PhotoPanel(props: PhotoPanelProps) {
  const { photos, maxPhotos, processing, problem, camera } = props;
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const canAdd = photos.length + processing < maxPhotos;
  const prefix = props.idPrefix ?? 'capture';

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) props.onFiles(files);
  }

  return (
    <section className="panel capture-section" aria-labelledby={`${prefix}-photos-title`}>
      <div className="panel-heading">
        <h2 id={`${prefix}-photos-title`}>{props.title ?? t('capture.photos.title')}</h2>
        <span className="muted">{t('capture.photos.count', { count: photos.length, max: maxPhotos })}</span>
      </div>

      <CameraView camera={camera} canTake={canAdd} onTake={props.onTake} />

      <div
        className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
        data-testid="photo-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input
          id={`${prefix}-import`}
          className="visually-hidden file-input"
          type="file"
          accept="image/*"
          multiple
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // Reset, so choosing the same file again (after removing it) still fires a change.
            event.target.value = '';
            if (files.length > 0) props.onFiles(files);
          }}
        />
        <label htmlFor={`${prefix}-import`} className="button button-secondary file-button">
          {t('capture.photos.import')}
        </label>
        <p className="drop-zone-hint">{t('capture.photos.dropZone')}</p>
      </div>

      {problem !== null ? (
        <p className="alert alert-error" role="alert">
          {t(`capture.photoErrors.${problem}`, {
            mb: Math.floor(props.maxImportBytes / MIB),
            max: maxPhotos,
          })}
        </p>
      ) : null}
      {processing > 0 ? (
        <p role="status" className="photo-processing" aria-live="polite">
          <span className="spinner" aria-hidden="true" />{' '}
          {t('capture.photos.processing', { count: processing })}
        </p>
      ) : null}

      {photos.length > 0 ? (
        <ul className="photo-list" aria-label={props.title ?? t('capture.photos.title')}>
          {photos.map((photo, index) => (
            <PhotoThumb
              key={photo.sha256}
              sha256={photo.sha256}
              number={index + 1}
              onRemove={props.onRemove}
            />
          ))}
        </ul>
      ) : (
        <p className={props.invalid ? 'field-problem' : 'muted'} id={props.problemId}>
          {props.invalid ? t('capture.problems.photos') : (props.emptyHint ?? t('capture.photos.none'))}
        </p>
      )}
      {!canAdd && processing === 0 ? <p className="muted">{t('capture.photos.full')}</p> : null}
    </section>
  );
}
