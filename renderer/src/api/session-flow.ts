import type { SessionUser } from '../../../domain/api';
import type { ApiClient } from './api-client';
import { ApiRequestError } from './api-error';
import type { SessionCache } from './session-cache';

/** Why the login screen is shown, when it is not simply the first start. */
export type SignedOutNotice = 'expired' | 'restore-unreachable' | 'logout-unconfirmed';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; notice: SignedOutNotice | null }
  | {
      status: 'signed-in';
      user: SessionUser;
      expiresAt: string;
      /** false when restored from the device because the server could not be asked. */
      verified: boolean;
    };

/**
 * Start-up: ask the server whether the remembered session is still valid. Offline, the last user of this
 * server stays signed in on the device (field work goes on without signal); a session the server
 * rejects ends here, with a notice if there had been one.
 */
export async function restoreSession(client: ApiClient | null, cache: SessionCache): Promise<SessionState> {
  if (client === null) return { status: 'signed-out', notice: null };
  const cached = cache.load(client.server);
  try {
    const session = await client.session();
    if (session === null) {
      cache.forget(client.server);
      return { status: 'signed-out', notice: cached ? 'expired' : null };
    }
    cache.save(client.server, { user: session.user, expiresAt: session.expiresAt });
    return { status: 'signed-in', user: session.user, expiresAt: session.expiresAt, verified: true };
  } catch (error) {
    const unreachable =
      error instanceof ApiRequestError &&
      (error.code === 'network' || error.code === 'invalid_response' || error.status >= 500);
    if (cached && unreachable) return { status: 'signed-in', ...cached, verified: false };
    return { status: 'signed-out', notice: unreachable ? 'restore-unreachable' : null };
  }
}

export async function signIn(
  client: ApiClient,
  cache: SessionCache,
  name: string,
  password: string,
): Promise<SessionState> {
  const response = await client.login(name, password);
  cache.rememberServer(client.server);
  cache.save(client.server, { user: response.user, expiresAt: response.expiresAt });
  return { status: 'signed-in', user: response.user, expiresAt: response.expiresAt, verified: true };
}

/** Sign out: the device forgets the session whatever happens; the notice says if the server did not hear. */
export async function signOut(client: ApiClient, cache: SessionCache): Promise<SessionState> {
  cache.forget(client.server);
  try {
    await client.logout();
    return { status: 'signed-out', notice: null };
  } catch {
    return { status: 'signed-out', notice: 'logout-unconfirmed' };
  }
}
