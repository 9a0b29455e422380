import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraState } from '../../capture/use-camera';

export interface CameraViewProps {
  camera: CameraState;
  /** False when no more photos may be taken. */
  canTake: boolean;
  onTake: (video: HTMLVideoElement) => Promise<void>;
}

/** The live preview with the big shutter button and, when the device has several, the camera choice. */
export function CameraView({ camera, canTake, onTake }: CameraViewProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [taking, setTaking] = useState(false);

  useEffect(() => {
    const element = video.current;
    if (element === null) return;
    element.srcObject = camera.stream;
    if (camera.stream !== null) void element.play().catch(() => undefined);
  }, [camera.stream]);

  const on = camera.status === 'on';
  return (
    <div className="camera">
      <div className="camera-controls">
        {on || camera.status === 'starting' ? (
          <button type="button" className="button button-secondary" onClick={camera.stop}>
            {t('capture.photos.stopCamera')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-secondary"
            disabled={!canTake}
            onClick={() => void camera.start()}
          >
            {t('capture.photos.startCamera')}
          </button>
        )}
        {on && camera.devices.length > 1 ? (
          <div className="field field-inline">
            <label htmlFor="capture-camera">{t('capture.photos.camera')}</label>
            <select
              id="capture-camera"
              value={camera.deviceId ?? ''}
              onChange={(event) => void camera.start(event.target.value)}
            >
              {camera.devices.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || t('capture.photos.cameraOption', { number: index + 1 })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {camera.status === 'starting' ? <p role="status">{t('capture.photos.cameraStarting')}</p> : null}
      {camera.status === 'denied' ? (
        <p className="alert alert-error" role="alert">
          {t('capture.photos.cameraDenied')}
        </p>
      ) : null}
      {camera.status === 'unavailable' ? (
        <p className="alert alert-error" role="alert">
          {t('capture.photos.cameraUnavailable')}
        </p>
      ) : null}
      <div className="camera-stage" hidden={!on}>
        <video
          ref={video}
          className="camera-video"
          autoPlay
          playsInline
          muted
          aria-label={t('capture.photos.preview')}
        />
        <button
          type="button"
          className="button button-primary button-shutter"
          disabled={!on || !canTake || taking}
          onClick={() => {
            if (video.current === null) return;
            setTaking(true);
            void onTake(video.current).finally(() => setTaking(false));
          }}
        >
          {t('capture.photos.takePhoto')}
        </button>
      </div>
    </div>
  );
}
