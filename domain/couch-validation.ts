// Builds CouchDB's validate_doc_update from the domain rules, so CouchDB enforces — as the real user, not the
// server's admin account — exactly what the gateway enforces with authorizeWrite (write-rules.ts).

import { ES5_RUNTIME } from './couch-es5-runtime';
import { WRITE_RULES } from './write-rules';

/**
 * The source of `function (newDoc, oldDoc, userCtx, secObj) { ... }`: ES5, self-contained, the rule data
 * embedded as a JSON literal. Put it in a design document as `validate_doc_update`. It throws
 * `{ forbidden: reason }` or `{ unauthorized: reason }`, which CouchDB turns into 403 / 401.
 */
export function buildValidateDocUpdate(): string {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    // Generated from domain/ (write-rules.ts); edit the rules there, not here.
    '  var R = ' + JSON.stringify(WRITE_RULES) + ';',
    ES5_RUNTIME,
    '  authorizeWrite(newDoc, oldDoc, userCtx);',
    '}',
  ].join('\n');
}

/** A design document carrying the validation function, ready to PUT as `_design/tertib-validation`. */
export function buildValidationDesignDoc(): {
  _id: string;
  language: 'javascript';
  validate_doc_update: string;
} {
  return {
    _id: '_design/tertib-validation',
    language: 'javascript',
    validate_doc_update: buildValidateDocUpdate(),
  };
}
