import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Asked before saving a fix worse than the server's threshold: an inline, non-modal alert dialog. */
export function LowAccuracyWarning({
  meters,
  limit,
  onSaveAnyway,
  onWait,
}: {
  meters: number;
  limit: number;
  onSaveAnyway: () => void;
  onWait: () => void;
}) {
  const { t } = useTranslation();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className="alert alert-warning"
      role="alertdialog"
      aria-labelledby="capture-low-accuracy-title"
      aria-describedby="capture-low-accuracy-text"
    >
      <p id="capture-low-accuracy-title" className="alert-title">
        {t('capture.location.lowAccuracyTitle')}
      </p>
      <p id="capture-low-accuracy-text">{t('capture.location.lowAccuracy', { meters, limit })}</p>
      <div className="button-row">
        <button ref={first} type="button" className="button button-secondary" onClick={onWait}>
          {t('capture.location.waitBetter')}
        </button>
        <button type="button" className="button button-primary" onClick={onSaveAnyway}>
          {t('capture.location.saveAnyway')}
        </button>
      </div>
    </div>
  );
}
