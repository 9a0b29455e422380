// The canonical form of what a device signs: RFC 8785 JSON Canonicalization Scheme (JCS) — keys sorted by
// UTF-16 code units, no white space, numbers as ECMAScript prints them, strings with JSON's minimal
// escaping. Chosen over a fixed field order because every Tertib document is plain JSON that changes shape
// between kinds and versions, and JCS lets any third party re-derive the signed bytes with a stock library
// in any language. The `canonicalize` package is written by one of RFC 8785's authors.

import canonicalize from 'canonicalize';

/** RFC 8785 text of a JSON value; throws for what JSON cannot hold (NaN, Infinity, lone surrogates). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('Nothing to canonicalize: the value has no JSON form.');
  return text;
}
