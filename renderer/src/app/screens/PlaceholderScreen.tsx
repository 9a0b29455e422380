import { useTranslation } from 'react-i18next';

/** Screens whose content arrives with later issues: say plainly what will be here. */
export function PlaceholderScreen({
  screen,
}: {
  screen: 'newReport' | 'myReports' | 'review' | 'dashboard';
}) {
  const { t } = useTranslation();
  return (
    <section className="empty-state" data-testid={`empty-${screen}`}>
      <p className="empty-title">{t(`screens.${screen}.empty`)}</p>
      <p className="empty-detail">{t(`screens.${screen}.detail`)}</p>
    </section>
  );
}
