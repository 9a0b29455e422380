// The password prompt that opens the user's data key when the app starts without it (issue 13). The check
// is local: the key is unwrapped with the password, so it works offline, and a wrong password opens nothing.
// A device that has no key for this user yet (the first start after the update to encryption, signed in
// from before) needs the server once: the password is checked there and the key made.

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { useSession } from '../../api/use-session';
import { appKeyring, WrongPasswordError, type DataKey } from '../../data/keys';
import { ErrorAlert } from '../ErrorAlert';
import { LockCard } from './LockCard';

export function UnlockScreen({
  server,
  user,
  hasRecord,
  onUnlocked,
}: {
  server: string;
  user: SessionUser;
  hasRecord: boolean;
  onUnlocked: (key: DataKey) => void;
}) {
  const { t } = useTranslation();
  const { login, logout } = useSession();
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [wrong, setWrong] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || password === '') return;
    setPending(true);
    setWrong(false);
    setError(null);
    const keyring = appKeyring();
    try {
      if (!hasRecord) await login(server, user.name, password);
      const key =
        (await keyring.current(server, user.name)) ??
        (await keyring.unlockWithPassword(server, user.name, password));
      onUnlocked(key);
    } catch (err) {
      if (err instanceof WrongPasswordError) setWrong(true);
      else setError(err);
      setPassword('');
      setPending(false);
    }
  }

  return (
    <LockCard
      testId="unlock-screen"
      title={t('lock.unlockTitle')}
      intro={t(hasRecord ? 'lock.unlockIntro' : 'lock.setupIntro', { name: user.name })}
    >
      <form className="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={pending}>
        <div className="field">
          <label htmlFor="unlock-password">{t('login.password')}</label>
          <input
            id="unlock-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={wrong}
          />
        </div>
        {wrong ? (
          <div className="alert alert-error" role="alert">
            <p>{t('lock.wrongPassword')}</p>
          </div>
        ) : null}
        {error !== null ? <ErrorAlert error={error} context="login" /> : null}
        <button type="submit" className="button button-primary" disabled={pending}>
          {t('lock.unlock')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => void logout()}>
          {t('lock.otherUser')}
        </button>
      </form>
    </LockCard>
  );
}
