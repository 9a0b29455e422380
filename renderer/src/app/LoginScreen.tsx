import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseServerAddress, type ServerAddressProblem } from '../api/server-address';
import type { SignedOutNotice } from '../api/session-flow';
import { useSession } from '../api/use-session';
import { AppVersion } from './AppVersion';
import { ErrorAlert } from './ErrorAlert';
import { LanguageSwitch } from './LanguageSwitch';

type FieldProblem =
  { field: 'server'; problem: ServerAddressProblem } | { field: 'name' } | { field: 'password' };

const noticeKey = {
  expired: 'login.expired',
  'restore-unreachable': 'login.restoreUnreachable',
  'logout-unconfirmed': 'login.logoutUnconfirmed',
} as const satisfies Record<SignedOutNotice, string>;

export function LoginScreen({ notice }: { notice: SignedOutNotice | null }) {
  const { t } = useTranslation();
  const { login, initialServer } = useSession();
  const [server, setServer] = useState(initialServer ?? '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [fieldProblem, setFieldProblem] = useState<FieldProblem | null>(null);
  const [requestError, setRequestError] = useState<unknown>(null);
  const [showNotice, setShowNotice] = useState(notice !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setRequestError(null);
    setShowNotice(false);
    const parsed = parseServerAddress(server);
    const problem: FieldProblem | null = !parsed.ok
      ? { field: 'server', problem: parsed.problem }
      : name.trim() === ''
        ? { field: 'name' }
        : password === ''
          ? { field: 'password' }
          : null;
    setFieldProblem(problem);
    if (problem !== null || !parsed.ok) {
      document.getElementById(`login-${problem?.field ?? 'server'}`)?.focus();
      return;
    }
    setPending(true);
    try {
      await login(parsed.server, name.trim(), password);
    } catch (error) {
      setRequestError(error);
      setPassword('');
      setPending(false);
    }
  }

  const problemText =
    fieldProblem === null
      ? null
      : fieldProblem.field === 'server'
        ? t(`serverAddress.${fieldProblem.problem}`)
        : t(fieldProblem.field === 'name' ? 'login.nameRequired' : 'login.passwordRequired');
  const invalid = (field: FieldProblem['field']) => fieldProblem?.field === field;
  const describedBy = (field: FieldProblem['field'], hint?: string) =>
    [hint, invalid(field) ? 'login-problem' : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <div className="login-page">
      <main className="login-card" id="main-content">
        <div className="login-brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="login-intro">{t('login.intro')}</p>

        {showNotice && notice !== null ? (
          <div className="alert alert-info" role="alert">
            <p>{t(noticeKey[notice])}</p>
          </div>
        ) : null}

        <form className="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={pending}>
          <div className="field">
            <label htmlFor="login-server">{t('login.server')}</label>
            <input
              id="login-server"
              name="server"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              value={server}
              onChange={(event) => setServer(event.target.value)}
              aria-invalid={invalid('server')}
              aria-describedby={describedBy('server', 'login-server-hint')}
            />
            <p className="field-hint" id="login-server-hint">
              {t('login.serverHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="login-name">{t('login.name')}</label>
            <input
              id="login-name"
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              // The one field an officer always types: start there.
              autoFocus
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={invalid('name')}
              aria-describedby={describedBy('name')}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={invalid('password')}
              aria-describedby={describedBy('password')}
            />
          </div>

          {problemText !== null ? (
            <div className="alert alert-error" role="alert" id="login-problem">
              <p>{problemText}</p>
            </div>
          ) : null}
          {requestError !== null ? <ErrorAlert error={requestError} context="login" /> : null}

          <button type="submit" className="button button-primary" disabled={pending}>
            {t('login.submit')}
          </button>
          {pending ? (
            <p className="form-progress" role="status">
              {t('login.submitting')}
            </p>
          ) : null}
        </form>

        <div className="login-footer">
          <LanguageSwitch />
          <AppVersion />
        </div>
      </main>
    </div>
  );
}
