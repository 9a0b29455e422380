import { useTranslation } from 'react-i18next';
import { hrefFor, type RouteDef } from './routes';

export function MainNav({ routes, current }: { routes: RouteDef[]; current: RouteDef | null }) {
  const { t } = useTranslation();
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul>
        {routes.map((route) => (
          <li key={route.id}>
            <a href={hrefFor(route)} aria-current={route.id === current?.id ? 'page' : undefined}>
              {t(route.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
