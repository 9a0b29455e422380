// What the idle lock shows: the user's name and a PIN or password field, nothing of the app behind it.

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { useSession } from '../../api/use-session';
import { appKeyring } from '../../data/keys';
import type { PinStore } from '../../data/keys/pin';
import { LockCard } from './LockCard';

export function LockScreen({
  server,
  user,
  pins,
  onUnlocked,
}: {
  server: string;
  user: SessionUser;
  pins: PinStore | null;
  onUnlocked: () => void;
}) {
  const { t } = useTranslation();
  const { logout } = useSession();
  const [usePin, setUsePin] = useState(() => pins?.isSet() === true);
  const [secret, setSecret] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || secret === '') return;
    setPending(true);
    setMessage(null);
    try {
      if (usePin && pins !== null) {
        const result = await pins.check(secret);
        if (result.ok) return onUnlocked();
        if ('blocked' in result) {
          setUsePin(false);
          setMessage(t('lock.pinBlocked'));
        } else {
          setMessage(t('lock.wrongPin', { count: result.attemptsLeft }));
        }
      } else if (await appKeyring().checkPassword(server, user.name, secret)) {
        return onUnlocked();
      } else {
        setMessage(t('lock.wrongPassword'));
      }
    } finally {
      setSecret('');
      setPending(false);
    }
  }

  return (
    <LockCard
      testId="lock-screen"
      title={t('lock.lockedTitle')}
      intro={t('lock.lockedIntro', { name: user.name })}
      overlay
    >
      <form className="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={pending}>
        <div className="field">
          <label htmlFor="lock-secret">{usePin ? t('lock.pin') : t('login.password')}</label>
          <input
            id="lock-secret"
            type="password"
            inputMode={usePin ? 'numeric' : undefined}
            autoComplete={usePin ? 'off' : 'current-password'}
            autoFocus
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
          />
        </div>
        {message !== null ? (
          <div className="alert alert-error" role="alert">
            <p>{message}</p>
          </div>
        ) : null}
        <button type="submit" className="button button-primary" disabled={pending}>
          {t('lock.unlock')}
        </button>
        {usePin ? (
          <button type="button" className="button button-quiet" onClick={() => setUsePin(false)}>
            {t('lock.usePassword')}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </form>
    </LockCard>
  );
}
