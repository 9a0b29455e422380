// Formats shared by the TypeScript validators and CouchDB's validate_doc_update. They are kept as regex
// *sources* (strings) because the same text is embedded in the ES5 function; ES5 regex syntax only (no
// lookbehind, no named groups, no `u` flag).

/**
 * Device-made ids: a ULID (Crockford base32, upper case) or an RFC 4122 UUID (lower case, as
 * `crypto.randomUUID()` makes it). One canonical case each, so a retry cannot mint a second spelling of the
 * same id.
 */
export const DOC_ID_RE =
  '^(?:[0-7][0-9A-HJKMNP-TV-Z]{25}|[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$';

export const SHA256_RE = '^[0-9a-f]{64}$';

/**
 * Exactly what `Date.prototype.toISOString()` produces (UTC, milliseconds). One fixed width means string
 * order is time order, which the status reducer and CouchDB views rely on; offsets or optional fractions
 * would break that silently.
 */
export const ISO_TIME_RE =
  '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}Z$';

/**
 * CouchDB `_users`-safe: no upper case (CouchDB names are case-sensitive, people are not), no ':' (the
 * `org.couchdb.user:` prefix), starts with a letter.
 */
export const USER_NAME_RE = '^[a-z][a-z0-9._-]{1,63}$';

/** Team and region ids end up inside CouchDB role strings (`team:<id>`), so they are slugs. */
export const SLUG_RE = '^[a-z0-9][a-z0-9._-]{0,63}$';

/** Stable category ids: kebab-case. */
export const CATEGORY_ID_RE = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$';

/**
 * Kemendagri area codes as `idn-area-data` ships them: `31.71` (kota), `31.71.01` (kecamatan),
 * `31.71.01.1001` (kelurahan); the undotted spelling is accepted too.
 */
export const AREA_CODE_RE = '^[0-9]{2}(?:\\.?[0-9]{2}){1,2}(?:\\.?[0-9]{4})?$';

/** Device ids and app versions are opaque, but they end up in logs and exports: printable ASCII only. */
export const DEVICE_ID_RE = '^[A-Za-z0-9._:-]{1,128}$';
export const APP_VERSION_RE = '^[0-9A-Za-z.+-]{1,32}$';

/** Ed25519 signatures: 64 bytes in base64url without padding, 86 characters (the last carries 4 bits). */
export const SIGNATURE_RE = '^[A-Za-z0-9_-]{85}[AQgw]$';

/** Free text must contain something other than white space. */
export const NOT_BLANK_RE = '\\S';

const compiled = new Map<string, RegExp>();

export function matches(source: string, value: string): boolean {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source);
    compiled.set(source, re);
  }
  return re.test(value);
}

export const isDocId = (v: unknown): v is string => typeof v === 'string' && matches(DOC_ID_RE, v);
export const isSha256 = (v: unknown): v is string => typeof v === 'string' && matches(SHA256_RE, v);
export const isIsoTime = (v: unknown): v is string => typeof v === 'string' && matches(ISO_TIME_RE, v);
