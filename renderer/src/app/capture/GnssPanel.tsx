import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_BAUD_RATE, GNSS_BAUD_RATES } from '../../capture/gnss-link';
import { fixQuality, roundAccuracy } from '../../capture/location-quality';
import type { GnssReceiver } from '../../capture/use-gnss-receiver';

const BUSY = new Set(['connecting', 'waiting', 'fix', 'no-fix', 'garbage', 'stopped']);
const PROBLEM = new Set(['garbage', 'stopped', 'unplugged', 'failed']);

/**
 * "Penerima GNSS" under the location sources: the port speed, connect / disconnect, and what the receiver
 * says now — a current fix with its quality, satellites and accuracy (from GST, or estimated from HDOP), or
 * the state that explains why there is none, with the age of the last position (never used once stale).
 */
export function GnssPanel({ receiver, thresholdM }: { receiver: GnssReceiver; thresholdM: number }) {
  const { t, i18n } = useTranslation();
  const [baud, setBaud] = useState(DEFAULT_BAUD_RATE);
  const { state } = receiver;
  const connected = BUSY.has(state.status);
  const number = (value: number) =>
    value.toLocaleString(i18n.language === 'en' ? 'en' : 'id-ID', { maximumFractionDigits: 6 });

  if (!receiver.supported) {
    return (
      <div className="gnss-panel" data-testid="gnss-panel">
        <p className="muted" data-testid="gnss-status" data-status="unsupported">
          {t('gnss.unsupported')}
        </p>
      </div>
    );
  }

  const fix = state.fix;
  const level = fix ? fixQuality(fix.accuracyM, thresholdM) : null;
  return (
    <div className="gnss-panel" data-testid="gnss-panel">
      <div className="gnss-controls">
        <div className="field">
          <label htmlFor="capture-gnss-baud">{t('gnss.baud')}</label>
          <select
            id="capture-gnss-baud"
            value={baud}
            disabled={connected}
            aria-describedby="capture-gnss-baud-hint"
            onChange={(event) => setBaud(Number(event.target.value))}
          >
            {GNSS_BAUD_RATES.map((rate) => (
              <option key={rate} value={rate}>
                {rate}
              </option>
            ))}
          </select>
          <p className="field-hint" id="capture-gnss-baud-hint">
            {t('gnss.baudHint')}
          </p>
        </div>
        {connected ? (
          <button type="button" className="button" id="capture-gnss-connect" onClick={receiver.disconnect}>
            {t('gnss.disconnect')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            id="capture-gnss-connect"
            onClick={() => receiver.connect(baud)}
          >
            {t('gnss.connect')}
          </button>
        )}
      </div>

      <div className="gps-readout" aria-live="polite">
        <p
          className={PROBLEM.has(state.status) ? 'alert alert-error' : 'muted'}
          role={PROBLEM.has(state.status) ? 'alert' : 'status'}
          data-testid="gnss-status"
          data-status={state.status}
        >
          {t(`gnss.status.${state.status}`)}
        </p>
        {fix !== null && level !== null ? (
          <>
            <p>
              {t('capture.location.accuracyLabel')}:{' '}
              <strong data-testid="gnss-accuracy">
                {t('gnss.accuracy', { meters: roundAccuracy(fix.accuracyM) })}
              </strong>{' '}
              <span className="muted" data-testid="gnss-accuracy-from">
                ({t(`gnss.accuracyFrom.${fix.accuracyFrom}`)})
              </span>{' '}
              <span className={`quality quality-${level}`} data-testid="gnss-quality">
                {t(`capture.location.quality.${level}`)}
              </span>
            </p>
            <p data-testid="gnss-fix">
              {t('gnss.coords', { lat: number(fix.lat), lng: number(fix.lng) })} ·{' '}
              {t('gnss.fixQuality', { quality: t(`gnss.quality.${fix.quality}`) })} ·{' '}
              {t('gnss.satellites', { count: fix.satellites })}
            </p>
          </>
        ) : null}
        {fix === null && state.last !== null && state.lastAgeMs !== null ? (
          <p className="muted" data-testid="gnss-last">
            {t('gnss.last', { seconds: Math.floor(state.lastAgeMs / 1000) })}
          </p>
        ) : null}
        {state.baudRate !== null ? <p className="muted">{t('gnss.port', { baud: state.baudRate })}</p> : null}
        {state.badLines > 0 && state.status !== 'fix' ? (
          <p className="muted" data-testid="gnss-bad-lines">
            {t('gnss.badLines', { count: state.badLines })}
          </p>
        ) : null}
      </div>
    </div>
  );
}
