import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceRecord } from '../../../../domain/devices';
import type { ApiClient } from '../../api/api-client';
import { devicesByUser, useDevices } from '../../api/use-devices';
import { formatWib } from '../../exports/wib-time';
import { ListPanelHeader } from './ListPanelHeader';

/** *Perangkat*: every device's signing key per user, with its contact times; administrators revoke here. */
export function DevicesScreen({ client }: { client: ApiClient }) {
  const state = useDevices(client);
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<DeviceRecord | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function revoke(device: DeviceRecord) {
    setBusy(true);
    setNotice(null);
    setActionError(null);
    try {
      await state.revoke(device.id, reason);
      setNotice(t('devices.revokedNotice', { name: device.name, user: device.user }));
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
        {state.devices === null ? (
          state.loading ? (
            <p role="status">{t('devices.loading')}</p>
          ) : null
        ) : state.devices.length === 0 ? (
          <p className="empty-title">{t('devices.empty')}</p>
        ) : (
          devicesByUser(state.devices).map((group) => (
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
                    <th scope="col">{t('devices.columns.status')}</th>
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
                        <td>
                          {device.revoked ? null : revoking?.id === device.id ? (
                            <form
                              onSubmit={(event) => {
                                event.preventDefault();
                                void revoke(device);
                              }}
                            >
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
                                {busy ? t('devices.revoking') : t('devices.confirmRevoke')}
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
                            <button
                              type="button"
                              className="button button-danger button-small"
                              aria-describedby={rowId}
                              disabled={busy}
                              onClick={() => {
                                setRevoking(device);
                                setReason('');
                              }}
                            >
                              {t('devices.revoke')}
                            </button>
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
