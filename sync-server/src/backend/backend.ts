/** A CouchDB (or CouchDB-compatible) server the gateway talks to with nano. Never exposed to clients. */
export interface Backend {
  kind: 'embedded' | 'couchdb';
  /** Base URL without credentials, e.g. http://127.0.0.1:5984 */
  baseUrl: string;
  /** Base URL carrying the admin credentials (nano turns them into a Basic auth header). */
  adminUrl: string;
  /**
   * Embedded backend only: which non-admin Basic credentials its gate lets through (the users' derived
   * ones). Until this is called it answers nobody but its admin. A real CouchDB checks them itself.
   */
  trustUsers?(check: (name: string, password: string) => boolean): void;
  close(): Promise<void>;
}

export function withCredentials(baseUrl: string, name: string, password: string): string {
  const u = new URL(baseUrl);
  u.username = encodeURIComponent(name);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/$/, '');
}

export function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}
