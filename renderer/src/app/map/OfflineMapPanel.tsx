import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaProgress, Basemap } from '../../data/basemap/basemap';
import { formatBytes } from '../my-reports/format';

/**
 * "Unduh peta wilayah": keeps every tile of the user's working area on the device (progress and size shown),
 * so the maps draw with no connection; what is viewed is kept too, within the storage limit.
 */
export function OfflineMapPanel({ basemap }: { basemap: Basemap }) {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<AreaProgress | null>(null);
  const [state, setState] = useState<'idle' | 'running' | 'done' | 'failed'>('idle');
  const [stored, setStored] = useState<number | null>(null);

  useEffect(() => {
    let active = true;
    void basemap.usage().then((u) => active && setStored(u.bytes));
    return () => {
      active = false;
    };
  }, [basemap, state]);

  function download() {
    setState('running');
    basemap.downloadArea(setProgress).then(
      () => setState('done'),
      () => setState('failed'),
    );
  }

  const size = (bytes: number) => formatBytes(bytes, i18n.language);
  return (
    <div className="offline-map" data-testid="offline-map" data-state={state}>
      <button
        type="button"
        className="button button-small button-secondary"
        disabled={state === 'running'}
        onClick={download}
      >
        {t('map.download')}
      </button>{' '}
      {state === 'running' && progress ? (
        <span className="offline-map-progress">
          <progress
            max={progress.total}
            value={progress.done}
            aria-label={t('map.downloadProgress', { done: progress.done, total: progress.total })}
          />{' '}
          {t('map.downloadProgress', { done: progress.done, total: progress.total })} · {size(progress.bytes)}
        </span>
      ) : null}
      {state === 'done' && progress ? (
        <span role="status" data-testid="offline-map-done">
          {t('map.downloaded', { tiles: progress.total, size: size(progress.bytes) })}
        </span>
      ) : null}
      {state === 'failed' ? <span role="alert">{t('map.downloadFailed')}</span> : null}
      {state === 'idle' && stored !== null ? (
        <span className="muted">{t('map.stored', { size: size(stored) })}</span>
      ) : null}
    </div>
  );
}
