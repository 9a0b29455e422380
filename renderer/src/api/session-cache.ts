import type { SessionUser } from '../../../domain/api';
import type { KeyValueStore } from '../platform/key-value-store';
import { FALLBACK_SERVER, parseServerAddress } from './server-address';

const SERVER_KEY = 'tertib.server';
const sessionKey = (server: string): string => `tertib.session:${server}`;

export interface CachedSession {
  user: SessionUser;
  expiresAt: string;
}

/**
 * Non-secret facts remembered between runs: the last server, and the user last signed in to it. The
 * cached user lets an officer who starts the app without signal keep working on the device (the server
 * still decides what they may sync), and tells a 401 at start-up apart from "never signed in".
 */
export class SessionCache {
  constructor(private readonly store: KeyValueStore) {}

  rememberedServer(): string | null {
    const value = this.store.getItem(SERVER_KEY);
    if (value === null) return null;
    const parsed = parseServerAddress(value);
    return parsed.ok ? parsed.server : null;
  }

  rememberServer(server: string): void {
    this.store.setItem(SERVER_KEY, server);
  }

  load(server: string): CachedSession | null {
    const raw = this.store.getItem(sessionKey(server));
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Partial<CachedSession> | null;
      const user = value?.user;
      if (!user || typeof user.name !== 'string' || typeof user.role !== 'string') return null;
      if (!['officer', 'supervisor', 'admin'].includes(user.role)) return null;
      return {
        user: { name: user.name, role: user.role, team: user.team ?? null, region: user.region ?? null },
        expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : '',
      };
    } catch {
      return null;
    }
  }

  save(server: string, session: CachedSession): void {
    this.store.setItem(
      sessionKey(server),
      JSON.stringify({ user: session.user, expiresAt: session.expiresAt }),
    );
  }

  forget(server: string): void {
    this.store.removeItem(sessionKey(server));
  }
}

/** The address the login form starts with. */
export function defaultServer(options: {
  remembered: string | null;
  configured: string | null;
  pageOrigin: string | null;
}): string {
  for (const candidate of [options.remembered, options.configured, options.pageOrigin]) {
    if (candidate === null) continue;
    const parsed = parseServerAddress(candidate);
    if (parsed.ok) return parsed.server;
  }
  return FALLBACK_SERVER;
}
