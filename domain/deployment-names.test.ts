import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { buildValidateDocUpdate } from './couch-validation';
import { couchUserName, scopeValidateDocUpdate, tertibUserName } from './deployment-names';
import { PHOTO_VALIDATE_DOC_UPDATE } from './photo-rules';
import { aReport } from './test-fixtures';

describe('deployment-scoped account names', () => {
  it.each([
    ['petugas1', '', 'petugas1'],
    ['petugas1', 'kota1_', 'petugas1@kota1_'],
    ['a.b-c_d', 't9f3_', 'a.b-c_d@t9f3_'],
  ])('%s in deployment "%s" is %s in CouchDB, and back', (name, prefix, couch) => {
    expect(couchUserName(name, prefix)).toBe(couch);
    expect(tertibUserName(couch, prefix)).toBe(name);
  });

  it.each([
    // another deployment's account, seen from each side
    ['petugas1@kota1_', ''],
    ['petugas1', 'kota1_'],
    ['petugas1@kota2_', 'kota1_'],
    // a prefix that only starts or ends the same way
    ['petugas1@kota1_x', 'kota1_'],
    ['petugas1@kota', 'kota1_'],
    // nothing before the separator, or a second one
    ['@kota1_', 'kota1_'],
    ['a@b@kota1_', 'kota1_'],
    ['', 'kota1_'],
  ])('%s is not an account of deployment "%s"', (couch, prefix) => {
    expect(tertibUserName(couch, prefix)).toBeNull();
  });
});

type Vdu = (n: unknown, o: unknown, u: unknown, s: unknown) => void;
const compile = (src: string) => new Function('return (' + src + ')')() as Vdu;
const outcome = (vdu: Vdu, doc: unknown, userCtx: unknown): string => {
  try {
    vdu(doc, null, userCtx, {});
    return 'ok';
  } catch (e) {
    const t = e as { forbidden?: string; unauthorized?: string };
    return t.forbidden ? 'forbidden: ' + t.forbidden : 'unauthorized: ' + String(t.unauthorized);
  }
};

describe('validate_doc_update scoped to a deployment', () => {
  const roles = ['officer', 'team:regu-1', 'region:jaksel'];
  const report = aReport({ author: 'ani' });
  const scoped = compile(scopeValidateDocUpdate(buildValidateDocUpdate(), 'kota1_'));
  const unprefixed = compile(scopeValidateDocUpdate(buildValidateDocUpdate(), ''));

  it('judges the writer by their Tertib name', () => {
    expect(outcome(scoped, report, { name: 'ani@kota1_', roles })).toBe('ok');
    expect(outcome(unprefixed, report, { name: 'ani', roles })).toBe('ok');
  });

  it.each([
    ['ani', 'an unprefixed account in a prefixed deployment'],
    ['ani@kota2_', "another deployment's account"],
  ])('refuses %s (%s)', (name) => {
    expect(outcome(scoped, report, { name, roles })).toMatch(/another Tertib deployment/);
  });

  it("refuses a prefixed deployment's account in the unprefixed one", () => {
    expect(outcome(unprefixed, report, { name: 'ani@kota1_', roles })).toMatch(/another Tertib deployment/);
  });

  it('still applies the inner rules: someone else may not file as ani', () => {
    expect(outcome(scoped, report, { name: 'budi@kota1_', roles })).toMatch(/^forbidden/);
  });

  it('lets server admins through, and anonymous writers meet the inner rule', () => {
    expect(outcome(scoped, report, { name: null, roles: ['_admin'] })).toBe('ok');
    expect(outcome(scoped, report, { name: null, roles: [] })).toMatch(/^unauthorized/);
  });

  it('wraps the photos validation too, and stays ES5', () => {
    const photoVdu = scopeValidateDocUpdate(PHOTO_VALIDATE_DOC_UPDATE, 'kota1_');
    expect(() => parse('(' + photoVdu + ')', { ecmaVersion: 5 })).not.toThrow();
    expect(() =>
      parse('(' + scopeValidateDocUpdate(buildValidateDocUpdate(), '') + ')', { ecmaVersion: 5 }),
    ).not.toThrow();
  });
});
