import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import type { ApiClient } from '../../api/api-client';
import { useUsers, type UserRecord } from '../../api/use-users';
import { AddAccountForm } from './AddAccountForm';
import { ListPanelHeader } from './ListPanelHeader';

export function AccountsScreen({ client, currentUser }: { client: ApiClient; currentUser: SessionUser }) {
  const users = useUsers(client);
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function disable(user: UserRecord) {
    setBusy(user.name);
    setNotice(null);
    setActionError(null);
    try {
      await users.disable(user.name);
      setNotice(t('accounts.disabledNotice', { name: user.name }));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="accounts">
      <section className="panel" aria-labelledby="accounts-list-title">
        <ListPanelHeader
          titleId="accounts-list-title"
          title={t('accounts.listTitle')}
          loading={users.loading}
          onReload={() => void users.reload()}
          notice={notice}
          errors={[actionError, users.loadError]}
        />

        {users.users === null ? (
          users.loading ? (
            <p role="status">{t('accounts.loading')}</p>
          ) : null
        ) : users.users.length === 0 ? (
          <p className="empty-title">{t('accounts.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-busy={users.loading}>
              <caption className="visually-hidden">{t('accounts.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.columns.name')}</th>
                  <th scope="col">{t('accounts.columns.role')}</th>
                  <th scope="col">{t('accounts.columns.team')}</th>
                  <th scope="col">{t('accounts.columns.region')}</th>
                  <th scope="col">{t('accounts.columns.status')}</th>
                  <th scope="col">{t('accounts.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.users.map((user) => {
                  const self = user.name === currentUser.name;
                  const rowId = `account-${user.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
                  return (
                    <tr key={user.name} data-testid="account-row" data-user={user.name}>
                      <th scope="row" id={rowId}>
                        {user.name} {self ? <span className="muted">{t('accounts.you')}</span> : null}
                      </th>
                      <td>{t(`roles.${user.role}`)}</td>
                      <td>{user.team ?? t('accounts.none')}</td>
                      <td>{user.region ?? t('accounts.none')}</td>
                      <td>
                        <span className={user.disabled ? 'badge badge-off' : 'badge badge-on'}>
                          {user.disabled ? t('accounts.disabled') : t('accounts.active')}
                        </span>
                      </td>
                      <td>
                        {!user.disabled && !self ? (
                          <button
                            type="button"
                            className="button button-danger button-small"
                            aria-describedby={rowId}
                            disabled={busy !== null}
                            onClick={() => void disable(user)}
                          >
                            {busy === user.name ? t('accounts.disabling') : t('accounts.disable')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <AddAccountForm onCreate={users.create} />
    </div>
  );
}
