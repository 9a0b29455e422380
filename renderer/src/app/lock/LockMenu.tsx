// In the header: lock the app now, choose the idle time, set or remove the PIN (issue 13).

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PIN_RE } from '../../data/keys/pin';
import { IDLE_CHOICES, useIdleLock } from './IdleLock';

export function LockMenu() {
  const { t } = useTranslation();
  const lock = useIdleLock();
  const [pin, setPin] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [, rerender] = useState(0);
  if (lock === null) return null;
  const { pins } = lock;

  async function savePin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pins === null) return;
    if (!PIN_RE.test(pin)) {
      setNote(t('lock.pinInvalid'));
      return;
    }
    await pins.set(pin);
    setPin('');
    setNote(t('lock.pinSaved'));
  }

  return (
    <details className="lock-menu">
      <summary className="button button-quiet">{t('lock.menu')}</summary>
      <div className="lock-menu-panel">
        <button type="button" className="button button-primary" onClick={lock.lockNow}>
          {t('lock.lockNow')}
        </button>
        <div className="field">
          <label htmlFor="lock-idle">{t('lock.idleTime')}</label>
          <select
            id="lock-idle"
            value={String(lock.idleSeconds)}
            onChange={(event) => lock.setIdleSeconds(Number(event.target.value))}
          >
            {(IDLE_CHOICES.includes(lock.idleSeconds as (typeof IDLE_CHOICES)[number])
              ? IDLE_CHOICES
              : [lock.idleSeconds, ...IDLE_CHOICES]
            ).map((s) => (
              <option key={s} value={String(s)}>
                {s < 60 ? t('lock.seconds', { count: s }) : t('lock.minutes', { count: Math.round(s / 60) })}
              </option>
            ))}
          </select>
        </div>
        <form className="field" onSubmit={(event) => void savePin(event)}>
          <label htmlFor="lock-new-pin">{pins?.isSet() ? t('lock.pinChange') : t('lock.pinSet')}</label>
          <input
            id="lock-new-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
          <button type="submit" className="button">
            {t('lock.pinSaveButton')}
          </button>
          {pins?.isSet() ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                pins.clear();
                setNote(t('lock.pinRemoved'));
                rerender((n) => n + 1);
              }}
            >
              {t('lock.pinRemove')}
            </button>
          ) : null}
          {note !== null ? (
            <p className="field-hint" role="status">
              {note}
            </p>
          ) : null}
        </form>
      </div>
    </details>
  );
}
