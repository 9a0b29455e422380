import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DeviceFilter,
  type DeviceRecord,
  type WipeMode,
  deviceMatches,
} from '../../../../domain/devices';
import type { ApiClient } from '../../api/api-client';
import { devicesByUser, useDevices } from '../../api/use-devices';
import { formatWib } from '../../exports/wib-time';
import { ListPanelHeader } from './ListPanelHeader';

/** Hours since `iso` at `now`, for the age of the oldest unsent report. */
const hoursSince = (iso: string, now: number): number =>
  Math.max(0, Math.floor((now - Date.parse(iso)) / 3_600_000));

/**
 * *Perangkat*: every device's signing key per user, with its contact times, what it still holds unsent (as it
 * said at its last sync) and any wipe ordered; administrators order a hand-over or a lost/stolen wipe here.
 */
export function DevicesScreen({ client }: { client: ApiClient }) {
  const state = useDevices(client);
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<{ device: DeviceRecord; mode: WipeMode } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<DeviceFilter>({});
  // The clock the ages and filters are read against, moved on every minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const shown = state.devices?.filter((d) => deviceMatches(d, filter, new Date(now))) ?? null;

  function age(iso: string): string {
    const hours = hoursSince(iso, now);
    return hours < 48 ? t('fleet.ageHours', { hours }) : t('fleet.ageDays', { days: Math.floor(hours / 24) });
  }

  async function revoke(device: DeviceRecord, mode: WipeMode) {
    setBusy(true);
    setNotice(null);
    setActionError(null);
    try {
      await state.orderWipe(device.id, mode, reason);
      setNotice(t('fleet.orderedNotice', { name: device.name, user: device.user }));
      setRevoking(null);
      setReason('');
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="accounts">
      <section className="panel" aria-labelledby="devices-title">
        <ListPanelHeader
          titleId="devices-title"
          title={t('devices.title')}
          loading={state.loading}
          onReload={() => void state.reload()}
          notice={notice}
          errors={[actionError, state.loadError]}
        />
        <p className="muted">{t('devices.intro')}</p>
        <fieldset className="device-filters">
          <legend>{t('fleet.filters')}</legend>
          <label>
            <input
              type="checkbox"
              checked={filter.unsentOlderThanHours !== undefined}
              onChange={(e) => {
                const { unsentOlderThanHours: _drop, ...rest } = filter;
                setFilter(e.target.checked ? { ...rest, unsentOlderThanHours: 24 } : rest);
              }}
            />{' '}
            {t('fleet.unsentOld')}
          </label>{' '}
          <label>
            <input
              type="checkbox"
              checked={filter.notSeenForDays !== undefined}
              onChange={(e) => {
                const { notSeenForDays: _drop, ...rest } = filter;
                setFilter(e.target.checked ? { ...rest, notSeenForDays: 7 } : rest);
              }}
            />{' '}
            {t('fleet.notSeen')}
          </label>
        </fieldset>
        {state.devices === null || shown === null ? (
          state.loading ? (
            <p role="status">{t('devices.loading')}</p>
          ) : null
        ) : state.devices.length === 0 ? (
          <p className="empty-title">{t('devices.empty')}</p>
        ) : shown.length === 0 ? (
          <p className="empty-title">{t('fleet.noMatch')}</p>
        ) : (
          devicesByUser(shown).map((group) => (
            <div className="table-scroll" key={group.user} data-testid="device-group" data-user={group.user}>
              <h3>{group.user}</h3>
              <table className="table" aria-busy={state.loading}>
                <caption className="visually-hidden">{t('devices.caption', { user: group.user })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('devices.columns.name')}</th>
                    <th scope="col">{t('devices.columns.id')}</th>
                    <th scope="col">{t('devices.columns.appVersion')}</th>
                    <th scope="col">{t('devices.columns.firstContact')}</th>
                    <th scope="col">{t('devices.columns.lastContact')}</th>
                    <th scope="col">{t('fleet.columns.unsent')}</th>
                    <th scope="col">{t('fleet.columns.oldest')}</th>
                    <th scope="col">{t('devices.columns.status')}</th>
                    <th scope="col">{t('fleet.columns.wipe')}</th>
                    <th scope="col">{t('devices.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.devices.map((device) => {
                    const rowId = `device-${device.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
                    return (
                      <tr key={device.id} data-testid="device-row" data-device={device.id}>
                        <th scope="row" id={rowId}>
                          {device.name}
                        </th>
                        <td>
                          <code>{device.id}</code>
                        </td>
                        <td>{device.appVersion}</td>
                        <td>{formatWib(device.firstContact)}</td>
                        <td>{formatWib(device.lastContact)}</td>
                        <td
                          data-testid="device-unsent"
                          data-reports={device.backlog?.reports ?? ''}
                          data-photos={device.backlog?.photos ?? ''}
                        >
                          {device.backlog ? (
                            <>
                              {t('fleet.unsent', {
                                reports: device.backlog.reports,
                                photos: device.backlog.photos,
                              })}
                              <div className="muted">
                                {t('fleet.asOf', { at: formatWib(device.backlog.reportedAt) })}
                              </div>
                            </>
                          ) : (
                            <span className="muted">{t('fleet.unsentUnknown')}</span>
                          )}
                        </td>
                        <td data-testid="device-oldest">
                          {device.backlog?.oldestAt ? age(device.backlog.oldestAt) : t('fleet.none')}
                        </td>
                        <td>
                          {device.revoked ? (
                            <span className="badge badge-off" title={device.revoked.reason}>
                              {t('devices.revoked', {
                                at: formatWib(device.revoked.at),
                                by: device.revoked.by,
                              })}
                            </span>
                          ) : (
                            <span className="badge badge-on">{t('devices.active')}</span>
                          )}
                          {device.revoked ? <div className="muted">{device.revoked.reason}</div> : null}
                        </td>
                        <td
                          data-testid="device-wipe"
                          data-ordered={device.wipe ? device.wipe.mode : ''}
                          data-confirmed={device.wipeConfirmed ? 'yes' : 'no'}
                        >
                          {device.wipe ? (
                            <>
                              <div>
                                {t('fleet.ordered', {
                                  mode: t(`fleet.modes.${device.wipe.mode}`),
                                  at: formatWib(device.wipe.at),
                                  by: device.wipe.by,
                                })}
                              </div>
                              <div className={device.wipeConfirmed ? 'badge badge-on' : 'muted'}>
                                {device.wipeConfirmed
                                  ? t('fleet.confirmedAt', { at: formatWib(device.wipeConfirmed.receivedAt) })
                                  : t('fleet.awaiting')}
                              </div>
                            </>
                          ) : (
                            t('fleet.none')
                          )}
                        </td>
                        <td>
                          {device.revoked || device.wipe?.mode === 'lost' ? null : revoking?.device.id ===
                            device.id ? (
                            <form
                              onSubmit={(event) => {
                                event.preventDefault();
                                void revoke(device, revoking.mode);
                              }}
                            >
                              <p className="muted">
                                {revoking.mode === 'lost' ? t('fleet.lostHelp') : t('fleet.handoverHelp')}
                              </p>
                              <label>
                                {t('devices.reason')}
                                <input
                                  type="text"
                                  value={reason}
                                  required
                                  maxLength={500}
                                  onChange={(event) => setReason(event.target.value)}
                                />
                              </label>
                              <button
                                type="submit"
                                className="button button-danger button-small"
                                disabled={busy || reason.trim() === ''}
                              >
                                {busy
                                  ? t('devices.revoking')
                                  : revoking.mode === 'lost'
                                    ? t('fleet.confirmLost')
                                    : t('fleet.confirmHandover')}
                              </button>
                              <button
                                type="button"
                                className="button button-secondary button-small"
                                onClick={() => setRevoking(null)}
                              >
                                {t('devices.cancel')}
                              </button>
                            </form>
                          ) : (
                            <>
                              {device.wipe ? null : (
                                <button
                                  type="button"
                                  className="button button-secondary button-small"
                                  aria-describedby={rowId}
                                  disabled={busy}
                                  onClick={() => {
                                    setRevoking({ device, mode: 'handover' });
                                    setReason('');
                                  }}
                                >
                                  {t('fleet.handover')}
                                </button>
                              )}{' '}
                              <button
                                type="button"
                                className="button button-danger button-small"
                                aria-describedby={rowId}
                                disabled={busy}
                                onClick={() => {
                                  setRevoking({ device, mode: 'lost' });
                                  setReason('');
                                }}
                              >
                                {t('fleet.lost')}
                              </button>
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))
        )}
      </section>
    </div>
  );
}
