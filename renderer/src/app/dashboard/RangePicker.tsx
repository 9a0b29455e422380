import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customRange, PRESETS, presetRange, type DayRange, type Preset } from './stats-format';

type Choice = `${Preset}` | 'custom';

/** Last 7 / 30 / 90 days (WIB, today included) or two chosen dates. */
export function RangePicker({ onChange }: { onChange: (range: DayRange) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [choice, setChoice] = useState<Choice>('30');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const invalid = choice === 'custom' && (from !== '' || to !== '') && customRange(from, to) === null;

  const applyCustom = (f: string, s: string) => {
    const range = customRange(f, s);
    if (range) onChange(range);
  };

  return (
    <div className="stats-range">
      <div className="field">
        <label htmlFor={`${id}-range`}>{t('dashboard.range')}</label>
        <select
          id={`${id}-range`}
          value={choice}
          onChange={(event) => {
            const next = event.target.value as Choice;
            setChoice(next);
            if (next === 'custom') applyCustom(from, to);
            else onChange(presetRange(Number(next) as Preset));
          }}
        >
          {PRESETS.map((days) => (
            <option key={days} value={String(days)}>
              {t(`dashboard.last${days}`)}
            </option>
          ))}
          <option value="custom">{t('dashboard.custom')}</option>
        </select>
      </div>
      {choice === 'custom' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('dashboard.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={from}
              aria-invalid={invalid}
              onChange={(event) => {
                setFrom(event.target.value);
                applyCustom(event.target.value, to);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('dashboard.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={to}
              aria-invalid={invalid}
              onChange={(event) => {
                setTo(event.target.value);
                applyCustom(from, event.target.value);
              }}
            />
          </div>
          {invalid ? (
            <p className="field-problem" role="alert">
              {t('dashboard.customInvalid')}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
