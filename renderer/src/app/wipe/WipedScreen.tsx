import { useTranslation } from 'react-i18next';
import type { WipeNotice } from '../../data/device-wipe';
import { formatWib } from '../../exports/wib-time';

/** While the wipe runs: nothing of the user is on screen any more. */
export function WipingScreen({ failure, onRetry }: { failure: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="login-page" data-testid="wiping">
      <main className="login-card" id="main-content">
        <section aria-labelledby="wiping-title">
          <h1 id="wiping-title">{t('wipe.wipingTitle')}</h1>
          {failure === null ? (
            <p role="status">{t('wipe.wipingBody')}</p>
          ) : (
            <div className="alert alert-error" role="alert">
              <p>
                {t('wipe.failed', { reason: failure instanceof Error ? failure.message : String(failure) })}
              </p>
              <button type="button" className="button" onClick={onRetry}>
                {t('wipe.retry')}
              </button>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}

/** After a wipe: why it happened, who ordered it, and whether the server has the device's confirmation. */
export function WipedScreen({ notice, onDismiss }: { notice: WipeNotice; onDismiss: () => void }) {
  const { t } = useTranslation();
  const { order, user } = notice;
  const cause =
    order.cause === 'account-disabled'
      ? t('wipe.cause.accountDisabled', { user })
      : order.mode === 'handover'
        ? t('wipe.cause.handover', { user })
        : t('wipe.cause.lost', { user });
  return (
    <div className="login-page" data-testid="wiped" data-mode={order.mode} data-confirmed={notice.confirmed}>
      <main className="login-card" id="main-content">
        <section aria-labelledby="wiped-title">
          <h1 id="wiped-title">{t('wipe.title')}</h1>
          <p>{cause}</p>
          {order.cause === 'order' ? (
            <p data-testid="wipe-reason">{t('wipe.reason', { reason: order.reason })}</p>
          ) : null}
          <p className="muted">{t('wipe.orderedBy', { by: order.by, at: formatWib(order.at) })}</p>
          <p className="muted" role="status">
            {notice.confirmed ? t('wipe.confirmed') : t('wipe.unconfirmed')}
          </p>
          <button type="button" className="button" onClick={onDismiss} autoFocus>
            {t('wipe.dismiss')}
          </button>
        </section>
      </main>
    </div>
  );
}
