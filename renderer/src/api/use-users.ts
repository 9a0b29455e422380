import { useCallback, useEffect, useState } from 'react';
import type { CreateUserRequest, UserListResponse } from '../../../domain/api';
import type { ApiClient } from './api-client';

export type UserRecord = UserListResponse['users'][number];

export interface UsersState {
  users: UserRecord[] | null;
  loading: boolean;
  /** The error of the last load, if it failed. */
  loadError: unknown;
  reload(): Promise<void>;
  /** Reject with `ApiRequestError`; the list reloads after a success. */
  create(user: CreateUserRequest): Promise<void>;
  disable(name: string): Promise<void>;
}

/** The admin's account list (`/api/users`). */
export function useUsers(client: ApiClient): UsersState {
  const [users, setUsers] = useState<UserRecord[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);

  // State is only set from promise callbacks, never synchronously inside the effect.
  const fetchUsers = useCallback(
    () =>
      client.listUsers().then(
        (list) => {
          setUsers([...list].sort((a, b) => a.name.localeCompare(b.name)));
          setLoadError(null);
          setLoading(false);
        },
        (error: unknown) => {
          setLoadError(error);
          setLoading(false);
        },
      ),
    [client],
  );

  useEffect(() => {
    void fetchUsers();
  }, [fetchUsers]);

  const reload = useCallback(async () => {
    setLoading(true);
    await fetchUsers();
  }, [fetchUsers]);

  const create = useCallback(
    async (user: CreateUserRequest) => {
      await client.createUser(user);
      await fetchUsers();
    },
    [client, fetchUsers],
  );

  const disable = useCallback(
    async (name: string) => {
      await client.disableUser(name);
      await fetchUsers();
    },
    [client, fetchUsers],
  );

  return { users, loading, loadError, reload, create, disable };
}
