// The card the unlock screen and the idle lock share: the app's name, a title, a line of explanation, a form.

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function LockCard({
  testId,
  title,
  intro,
  overlay = false,
  children,
}: {
  testId: string;
  title: string;
  intro: string;
  /** Over the (hidden) app: fixed on top, and without the `main-content` id the app's own main has. */
  overlay?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={overlay ? 'login-page lock-screen' : 'login-page'}>
      <main className="login-card" id={overlay ? undefined : 'main-content'} data-testid={testId}>
        <div className="login-brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <h1>{title}</h1>
        <p className="login-intro">{intro}</p>
        {children}
      </main>
    </div>
  );
}
