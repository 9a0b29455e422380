import { describe, expect, it } from 'vitest';
import { caseHref, caseIdFromHash, resolveRoute, ROUTES, routesFor } from './routes';

describe('role-aware navigation', () => {
  it('keeps the print view out of every menu', () => {
    for (const role of ['officer', 'supervisor', 'admin'] as const) {
      expect(routesFor(role).map((r) => r.id)).not.toContain('print');
    }
  });

  it('gives each role its own menu', () => {
    expect(routesFor('officer').map((r) => r.id)).toEqual(['new-report', 'my-reports', 'tasks']);
    expect(routesFor('supervisor').map((r) => r.id)).toEqual(['review', 'dashboard', 'verify-bundle']);
    expect(routesFor('admin').map((r) => r.id)).toEqual([
      'accounts',
      'devices',
      'dashboard',
      'verify-bundle',
    ]);
  });

  it.each([
    ['#/laporan/saya', 'officer', 'my-reports', false],
    ['#/laporan/saya/', 'officer', 'my-reports', false],
    ['', 'officer', 'new-report', true],
    ['#/akun', 'officer', 'new-report', true],
    ['#/akun', 'supervisor', 'review', true],
    ['#/akun', 'admin', 'accounts', false],
    ['#/perangkat', 'admin', 'devices', false],
    ['#/perangkat', 'supervisor', 'review', true],
    ['#/dasbor', 'admin', 'dashboard', false],
    ['#/nope', 'supervisor', 'review', true],
    ['#/cetak?ids=01HZX3K5Q7R8S9T0V1W2X3Y4Z5', 'supervisor', 'print', false],
    ['#/cetak?ids=01HZX3K5Q7R8S9T0V1W2X3Y4Z5&cetak=1', 'officer', 'print', false],
    ['#/cetak', 'admin', 'print', false],
    ['#/akun?x=1', 'admin', 'accounts', false],
    ['#/tinjauan?status=menunggu&cari=pasar', 'supervisor', 'review', false],
    ['#/akun?x=1', 'officer', 'new-report', true],
  ] as const)('%s as %s → %s', (hash, role, id, redirected) => {
    const result = resolveRoute(hash, role);
    expect(result.route?.id).toBe(id);
    expect(result.redirected).toBe(redirected);
  });
});

describe('the case route', () => {
  const ID = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
  it.each(['officer', 'supervisor', 'admin'] as const)('opens #/kasus/<id> for %s', (role) => {
    expect(resolveRoute(`#/kasus/${ID}`, role)).toEqual({ route: ROUTES.case, redirected: false });
  });

  it.each([['#/kasus/'], ['#/kasus/bukan-id'], [`#/kasus/${ID}/x`], ['#/kasus']])('redirects %s', (hash) => {
    expect(resolveRoute(hash, 'supervisor').redirected).toBe(true);
  });

  it('reads the id back from the hash', () => {
    expect(caseIdFromHash(caseHref(ID))).toBe(ID);
    expect(caseIdFromHash(`#/kasus/${ID}/`)).toBe(ID);
    expect(caseIdFromHash('#/kasus/%E0%A4%A')).toBe(null);
  });
});
