import { describe, expect, it } from 'vitest';
import { resolveRoute, routesFor } from './routes';

describe('role-aware navigation', () => {
  it('keeps the print view out of every menu', () => {
    for (const role of ['officer', 'supervisor', 'admin'] as const) {
      expect(routesFor(role).map((r) => r.id)).not.toContain('print');
    }
  });

  it('gives each role its own menu', () => {
    expect(routesFor('officer').map((r) => r.id)).toEqual(['new-report', 'my-reports', 'tasks']);
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
    ['#/cetak?ids=01HZX3K5Q7R8S9T0V1W2X3Y4Z5', 'supervisor', 'print', false],
    ['#/cetak?ids=01HZX3K5Q7R8S9T0V1W2X3Y4Z5&cetak=1', 'officer', 'print', false],
    ['#/cetak', 'admin', 'print', false],
    ['#/akun?x=1', 'admin', 'accounts', false],
  ] as const)('%s as %s → %s', (hash, role, id, redirected) => {
    const result = resolveRoute(hash, role);
    expect(result.route?.id).toBe(id);
    expect(result.redirected).toBe(redirected);
  });
});
