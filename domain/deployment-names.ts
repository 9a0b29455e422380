// Several Tertib deployments may share one CouchDB (TERTIB_DB_PREFIX separates their databases), but CouchDB
// has one `_users` for all of them. So an account's CouchDB name carries its deployment: `petugas1` in the
// deployment without a prefix, `petugas1@kota1_` in the one whose prefix is `kota1_`. A Tertib name never
// contains `@` (USER_NAME_RE) and a database prefix never does either (CouchDB database names), so the split
// is unambiguous and two deployments can never name the same CouchDB account. `@`, not `:`, because the
// gateway authenticates to CouchDB with HTTP Basic, whose user part ends at the first `:`.

const SEPARATOR = '@';

/** The CouchDB `_users` name of Tertib user `name` in the deployment with database prefix `prefix`. */
export function couchUserName(name: string, prefix: string): string {
  return prefix === '' ? name : name + SEPARATOR + prefix;
}

/** The Tertib name behind a CouchDB user name, or null when that account belongs to another deployment. */
export function tertibUserName(couchName: string, prefix: string): string | null {
  const at = couchName.indexOf(SEPARATOR);
  if (prefix === '') return at === -1 ? couchName : null;
  if (at <= 0 || couchName.slice(at + 1) !== prefix) return null;
  return couchName.slice(0, at);
}

/**
 * Wraps a validate_doc_update so that it sees the Tertib name of the writer (`petugas1`, not
 * `petugas1@kota1_`) and refuses accounts of other deployments outright. Server admins pass unchanged.
 * The result is ES5 like its input: CouchDB evaluates it as a function expression.
 */
export function scopeValidateDocUpdate(source: string, prefix: string): string {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    '  var inner = ' + source + ';',
    '  var PREFIX = ' + JSON.stringify(prefix) + ';',
    '  var roles = userCtx && userCtx.roles && userCtx.roles.length !== undefined ? userCtx.roles : [];',
    "  if (roles.indexOf('_admin') !== -1 || !userCtx || typeof userCtx.name !== 'string') {",
    '    return inner(newDoc, oldDoc, userCtx, secObj);',
    '  }',
    "  var at = userCtx.name.indexOf('@'), name = null;",
    '  if (PREFIX === "") { if (at === -1) name = userCtx.name; }',
    '  else if (at > 0 && userCtx.name.slice(at + 1) === PREFIX) name = userCtx.name.slice(0, at);',
    "  if (name === null) throw({ forbidden: 'This account belongs to another Tertib deployment.' });",
    '  return inner(newDoc, oldDoc, { name: name, roles: roles, db: userCtx.db }, secObj);',
    '}',
  ].join('\n');
}
