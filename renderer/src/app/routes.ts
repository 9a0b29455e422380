import type { SessionUser } from '../../../domain/api';
import { isDocId } from '../../../domain/formats';

export type Role = SessionUser['role'];
export type RouteId =
  | 'new-report'
  | 'my-reports'
  | 'tasks'
  | 'review'
  | 'dashboard'
  | 'accounts'
  | 'devices'
  | 'verify-bundle'
  | 'print'
  | 'case';

export interface RouteDef {
  id: RouteId;
  /** The URL hash, `#/<path>`: hash routing works unchanged under `app://tertib/` and on the server's `/`. */
  path: string;
  label:
    | 'nav.newReport'
    | 'nav.myReports'
    | 'nav.tasks'
    | 'nav.review'
    | 'nav.dashboard'
    | 'nav.accounts'
    | 'nav.devices'
    | 'nav.verifyBundle'
    | 'nav.print'
    | 'nav.case';
}

export const ROUTES: Record<RouteId, RouteDef> = {
  'new-report': { id: 'new-report', path: 'laporan/baru', label: 'nav.newReport' },
  'my-reports': { id: 'my-reports', path: 'laporan/saya', label: 'nav.myReports' },
  tasks: { id: 'tasks', path: 'tugas', label: 'nav.tasks' },
  review: { id: 'review', path: 'tinjauan', label: 'nav.review' },
  dashboard: { id: 'dashboard', path: 'dasbor', label: 'nav.dashboard' },
  accounts: { id: 'accounts', path: 'akun', label: 'nav.accounts' },
  devices: { id: 'devices', path: 'perangkat', label: 'nav.devices' },
  'verify-bundle': { id: 'verify-bundle', path: 'periksa-berkas', label: 'nav.verifyBundle' },
  // The printable case report, `#/cetak?ids=<id>,<id>` (domain/ipc.ts PRINT_VIEW): reached from export
  // buttons, never from the menu. Each role sees only the reports its local database holds.
  print: { id: 'print', path: 'cetak', label: 'nav.print' },
  // A parameter route, `#/kasus/<reportId>`: not in any menu, open to every role (the server decides what
  // each may read; a report the device does not hold shows "not found").
  case: { id: 'case', path: 'kasus', label: 'nav.case' },
};

/** The report id of a `#/kasus/<id>` hash, else null. */
export function caseIdFromHash(hash: string): string | null {
  const m = /^#?\/?kasus\/([^/?#]+)\/?$/.exec(hash);
  // Ids are plain ASCII: no decoding needed, and a malformed escape cannot throw.
  const id = m?.[1] ?? null;
  return id !== null && isDocId(id) ? id : null;
}

export const caseHref = (reportId: string): string => `#/kasus/${reportId}`;

/**
 * What each role sees, in menu order; the first is its start page. This only shapes the menu: the
 * server enforces permissions on every request.
 */
const MENU: Record<Role, RouteId[]> = {
  officer: ['new-report', 'my-reports', 'tasks'],
  supervisor: ['review', 'dashboard', 'verify-bundle'],
  admin: ['accounts', 'devices', 'dashboard', 'verify-bundle'],
};

/** Reachable by address but not listed in the menu. */
const UNLISTED: Record<Role, RouteId[]> = {
  officer: ['print', 'verify-bundle'],
  supervisor: ['print'],
  admin: ['print'],
};

export function routesFor(role: Role): RouteDef[] {
  return (MENU[role] ?? []).map((id) => ROUTES[id]);
}

export const hrefFor = (route: RouteDef): string => `#/${route.path}`;

/** The route a hash names if this role may see it, else the role's start page (`redirected: true`). */
export function resolveRoute(hash: string, role: Role): { route: RouteDef | null; redirected: boolean } {
  const allowed = routesFor(role);
  // A query after the path (`#/tinjauan?status=menunggu`) is the screen's own state, not part of the route.
  if (allowed.length > 0 && caseIdFromHash(hash) !== null) return { route: ROUTES.case, redirected: false };
  const path = routePath(hash);
  const match = [...allowed, ...(UNLISTED[role] ?? []).map((id) => ROUTES[id])].find(
    (route) => route.path === path,
  );
  if (match) return { route: match, redirected: false };
  return { route: allowed[0] ?? null, redirected: true };
}

/** The path part of a hash: `#/cetak?ids=…` → `cetak`. */
export const routePath = (hash: string): string =>
  (hash.replace(/^#\/?/, '').split('?')[0] ?? '').replace(/\/+$/, '');

/** The query part of a hash: `#/cetak?ids=a,b` → its parameters. */
export const routeQuery = (hash: string): URLSearchParams => {
  const at = hash.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
};
