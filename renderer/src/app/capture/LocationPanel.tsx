import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../domain/report';
import { parseCoordinate, type Axis } from '../../capture/coordinates';
import { fixQuality, roundAccuracy, type Fix } from '../../capture/location-quality';
import type { GeoStatus } from '../../capture/use-geolocation';
import type { ExifHints, LocationMode } from '../../data/contracts';

export interface LocationPanelProps {
  mode: LocationMode;
  location: Location | null;
  geoStatus: GeoStatus;
  current: Fix | null;
  best: Fix | null;
  thresholdM: number;
  exif: ExifHints | null;
  manualLat: string;
  manualLng: string;
  /** Show the manual-coordinate problems (after a save attempt). */
  showProblems: boolean;
  onMode: (mode: LocationMode) => void;
  onManual: (axis: Axis, text: string) => void;
  /** The capture map, under the fix. */
  children?: ReactNode;
  /** The external receiver's panel, shown when it is the chosen source. */
  gnss?: ReactNode;
}

const MODES: readonly LocationMode[] = ['device', 'gnss', 'exif', 'manual', 'none'];

export function LocationPanel(props: LocationPanelProps) {
  const { t, i18n } = useTranslation();
  const { mode, current, best, thresholdM } = props;
  const modes = MODES.filter((m) => m !== 'exif' || props.exif?.location || mode === 'exif');
  const number = (value: number) =>
    value.toLocaleString(i18n.language === 'en' ? 'en' : 'id-ID', {
      maximumFractionDigits: 6,
    });

  const quality = (fix: Fix) => fixQuality(fix.accuracyM, thresholdM);
  const geoMessage =
    props.geoStatus === 'denied' || props.geoStatus === 'unavailable' || props.geoStatus === 'unsupported'
      ? t(`capture.location.${props.geoStatus}`)
      : best === null
        ? t('capture.location.waiting')
        : null;

  function coordinateField(axis: Axis) {
    const text = axis === 'lat' ? props.manualLat : props.manualLng;
    const parsed = parseCoordinate(text, axis);
    const problem = props.showProblems && !parsed.ok ? parsed.problem : null;
    const id = `capture-manual-${axis}`;
    return (
      <div className="field">
        <label htmlFor={id}>{t(`capture.location.${axis}`)}</label>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
          onChange={(event) => props.onManual(axis, event.target.value)}
        />
        <p className="field-hint" id={`${id}-hint`}>
          {t(`capture.location.${axis}Hint`)}
        </p>
        {problem !== null ? (
          <p className="field-problem" id={`${id}-problem`}>
            {t(
              problem === 'range'
                ? `capture.location.problems.${axis}Range`
                : `capture.location.problems.${problem}`,
            )}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <section className="panel capture-section" aria-labelledby="capture-location-title">
      <h2 id="capture-location-title">{t('capture.location.title')}</h2>

      <div className="gps-readout" aria-live="polite" hidden={mode === 'gnss'}>
        {best !== null ? (
          <p>
            {t('capture.location.accuracyLabel')}:{' '}
            <strong data-testid="location-accuracy">
              {t('capture.location.accuracy', { meters: roundAccuracy(best.accuracyM) })}
            </strong>{' '}
            <span className={`quality quality-${quality(best)}`} data-testid="location-quality">
              {t(`capture.location.quality.${quality(best)}`)}
            </span>
          </p>
        ) : null}
        {best !== null && current !== null && current.accuracyM > best.accuracyM ? (
          <p className="muted">
            {t('capture.location.current', { meters: roundAccuracy(current.accuracyM) })}
          </p>
        ) : null}
        {geoMessage !== null ? <p className="muted">{geoMessage}</p> : null}
      </div>

      {props.children}

      <fieldset className="radio-group">
        <legend>{t('capture.location.source')}</legend>
        {modes.map((m) => (
          <label key={m} className="radio">
            <input
              type="radio"
              name="capture-location-mode"
              value={m}
              checked={mode === m}
              onChange={() => props.onMode(m)}
            />
            {m === 'gnss' ? t('gnss.mode') : t(`capture.location.${m}`)}
          </label>
        ))}
      </fieldset>

      {mode === 'gnss' ? props.gnss : null}
      {mode === 'exif' && props.location?.source === 'exif' ? (
        <p className="muted">
          {t('capture.location.exifDetail', {
            lat: number(props.location.lat),
            lng: number(props.location.lng),
            meters: props.location.accuracyM,
          })}
        </p>
      ) : null}
      {mode === 'manual' ? (
        <div className="manual-coordinates">
          {coordinateField('lat')}
          {coordinateField('lng')}
          <p className="field-hint manual-hint">{t('capture.location.manualHint')}</p>
        </div>
      ) : null}
      {mode === 'none' ? <p className="muted">{t('capture.location.noneDetail')}</p> : null}
    </section>
  );
}
