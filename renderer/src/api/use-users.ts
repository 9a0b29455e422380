import { useCallback } from 'react';
import type { CreateUserRequest, UserListResponse } from '../../../domain/api';
import type { ApiClient } from './api-client';
import { useServerList } from './use-server-list';

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
  const load = useCallback(
    async () => [...(await client.listUsers())].sort((a, b) => a.name.localeCompare(b.name)),
    [client],
  );
  const list = useServerList(load);
  const { change } = list;
  const create = useCallback(
    (user: CreateUserRequest) => change(() => client.createUser(user)),
    [client, change],
  );
  const disable = useCallback((name: string) => change(() => client.disableUser(name)), [client, change]);
  return {
    users: list.items,
    loading: list.loading,
    loadError: list.loadError,
    reload: list.reload,
    create,
    disable,
  };
}
