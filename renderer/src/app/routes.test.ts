import { describe, expect, it } from 'vitest';
import { resolveRoute, routesFor } from './routes';

describe('role-aware navigation', () => {
  it('gives each role its own menu', () => {
    expect(routesFor('officer').map((r) => r.id)).toEqual(['new-report', 'my-reports']);
    expect(routesFor('supervisor').map((r) => r.id)).toEqual(['review', 'dashboard']);
    expect(routesFor('admin').map((r) => r.id)).toEqual(['accounts', 'dashboard']);
  });

  it.each([
    ['#/laporan/saya', 'officer', 'my-reports', false],
    ['#/laporan/saya/', 'officer', 'my-reports', false],
    ['', 'officer', 'new-report', true],
    ['#/akun', 'officer', 'new-report', true],
    ['#/akun', 'supervisor', 'review', true],
    ['#/akun', 'admin', 'accounts', false],
    ['#/dasbor', 'admin', 'dashboard', false],
    ['#/nope', 'supervisor', 'review', true],
    ['#/tinjauan?status=menunggu&cari=pasar', 'supervisor', 'review', false],
    ['#/akun?x=1', 'officer', 'new-report', true],
  ] as const)('%s as %s → %s', (hash, role, id, redirected) => {
    const result = resolveRoute(hash, role);
    expect(result.route?.id).toBe(id);
    expect(result.redirected).toBe(redirected);
  });
});
