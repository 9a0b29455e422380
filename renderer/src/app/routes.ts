import type { SessionUser } from '../../../domain/api';

export type Role = SessionUser['role'];
export type RouteId = 'new-report' | 'my-reports' | 'review' | 'dashboard' | 'accounts';

export interface RouteDef {
  id: RouteId;
  /** The URL hash, `#/<path>`: hash routing works unchanged under `app://tertib/` and on the server's `/`. */
  path: string;
  label: 'nav.newReport' | 'nav.myReports' | 'nav.review' | 'nav.dashboard' | 'nav.accounts';
}

export const ROUTES: Record<RouteId, RouteDef> = {
  'new-report': { id: 'new-report', path: 'laporan/baru', label: 'nav.newReport' },
  'my-reports': { id: 'my-reports', path: 'laporan/saya', label: 'nav.myReports' },
  review: { id: 'review', path: 'tinjauan', label: 'nav.review' },
  dashboard: { id: 'dashboard', path: 'dasbor', label: 'nav.dashboard' },
  accounts: { id: 'accounts', path: 'akun', label: 'nav.accounts' },
};

/**
 * What each role sees, in menu order; the first is its start page. This only shapes the menu: the
 * server enforces permissions on every request.
 */
const MENU: Record<Role, RouteId[]> = {
  officer: ['new-report', 'my-reports'],
  supervisor: ['review', 'dashboard'],
  admin: ['accounts', 'dashboard'],
};

export function routesFor(role: Role): RouteDef[] {
  return (MENU[role] ?? []).map((id) => ROUTES[id]);
}

export const hrefFor = (route: RouteDef): string => `#/${route.path}`;

/** The route a hash names if this role may see it, else the role's start page (`redirected: true`). */
export function resolveRoute(hash: string, role: Role): { route: RouteDef | null; redirected: boolean } {
  const allowed = routesFor(role);
  // A query after the path (`#/tinjauan?status=menunggu`) is the screen's own state, not part of the route.
  const path = hash.replace(/^#\/?/, '').replace(/\?.*$/, '').replace(/\/+$/, '');
  const match = allowed.find((route) => route.path === path);
  if (match) return { route: match, redirected: false };
  return { route: allowed[0] ?? null, redirected: true };
}
