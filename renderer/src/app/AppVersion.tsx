import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appInfo } from '../platform';

export function AppVersion() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(__APP_VERSION__);
  useEffect(() => {
    let cancelled = false;
    void appInfo().then((info) => {
      if (!cancelled) setVersion(info.version);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return <p className="app-version">{t('app.version', { version })}</p>;
}
