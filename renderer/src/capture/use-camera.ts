import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraStatus = 'off' | 'starting' | 'on' | 'denied' | 'unavailable';

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export interface CameraState {
  status: CameraStatus;
  stream: MediaStream | null;
  /** Video inputs; labels are empty until the user has granted the camera once. */
  devices: CameraDevice[];
  deviceId: string | null;
  start(deviceId?: string): Promise<void>;
  stop(): void;
}

function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}

/**
 * A live camera stream, started only on request (the officer's tap — never on screen open, so the
 * camera light does not come on unasked) and always stopped when the screen unmounts.
 */
export function useCamera(): CameraState {
  const [status, setStatus] = useState<CameraStatus>('off');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  // Each start() gets a number; a slower, older request that resolves late is stopped at once.
  const generation = useRef(0);

  const stop = useCallback(() => {
    generation.current += 1;
    stopStream(streamRef.current);
    streamRef.current = null;
    setStream(null);
    setStatus('off');
  }, []);

  const start = useCallback(async (wanted?: string) => {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media?.getUserMedia) {
      setStatus('unavailable');
      return;
    }
    const ticket = ++generation.current;
    stopStream(streamRef.current);
    streamRef.current = null;
    setStatus('starting');
    try {
      const next = await media.getUserMedia({
        video: wanted
          ? { deviceId: { exact: wanted } }
          : { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1080 } },
        audio: false,
      });
      if (ticket !== generation.current) {
        stopStream(next);
        return;
      }
      streamRef.current = next;
      setStream(next);
      setStatus('on');
      setDeviceId(next.getVideoTracks()[0]?.getSettings().deviceId ?? wanted ?? null);
      const all = await media.enumerateDevices().catch(() => []);
      if (ticket !== generation.current) return;
      setDevices(
        all
          .filter((d) => d.kind === 'videoinput' && d.deviceId !== '')
          .map((d) => ({ deviceId: d.deviceId, label: d.label })),
      );
    } catch (error) {
      if (ticket !== generation.current) return;
      const name = (error as { name?: string }).name;
      setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
    }
  }, []);

  useEffect(
    () => () => {
      generation.current += 1;
      stopStream(streamRef.current);
      streamRef.current = null;
    },
    [],
  );

  return { status, stream, devices, deviceId, start, stop };
}
