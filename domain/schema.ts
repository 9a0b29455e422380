// A tiny declarative schema language for documents. The rules are data so that exactly the same rules can
// be embedded, as JSON, in CouchDB's validate_doc_update (see couch-validation.ts) — two hand-written copies
// of "what a report looks like" would drift. This file is the TypeScript interpreter; couch-es5-runtime.ts
// is its ES5 twin, and couch-validation.test.ts checks that the two agree message for message.

import { matches } from './formats';

interface Modifiers {
  /** The key may be absent. */
  optional?: true;
  /** The value may be `null` (the key must still be there unless also optional). */
  nullable?: true;
}

export type FieldSpec =
  | (Modifiers & { t: 'const'; value: string })
  | (Modifiers & { t: 'str'; min: number; max: number; oneOf?: readonly string[]; re?: readonly string[] })
  | (Modifiers & { t: 'num'; min: number; max: number; int?: true })
  | (Modifiers & { t: 'bool' })
  | (Modifiers & { t: 'arr'; min: number; max: number; items: FieldSpec })
  | (Modifiers & ObjectSpec);

export interface ObjectSpec {
  t: 'obj';
  fields: Record<string, FieldSpec>;
  /** At least one of these fields must be present and not null. */
  anyOf?: readonly string[];
  /** Pairs of fields that must not hold the same value. */
  distinct?: ReadonlyArray<readonly [string, string]>;
  /** `[a, b, v]`: field `a` may be present only when field `b` holds the string `v`. */
  onlyWhen?: ReadonlyArray<readonly [string, string, string]>;
}

/** Past this many messages a validator stops looking: hostile input must not make it do unbounded work. */
export const MAX_ERRORS = 20;

/**
 * CouchDB's own fields. RxDB's CouchDB replication moves the primary key into `_id` (and drops `id`), so a
 * document may carry its id in either; when both are there they must agree.
 */
export const META_KEYS: readonly string[] = ['_id', '_rev', '_revisions', '_deleted'];

const has = (o: object, k: string): boolean =>
  Object.prototype.hasOwnProperty.call(o, k) && (o as Record<string, unknown>)[k] !== undefined;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const shortKey = (k: string): string => (k.length > 40 ? k.slice(0, 40) + '...' : k);

function push(errors: string[], message: string): void {
  if (errors.length < MAX_ERRORS) errors.push(message);
}

/** Checks `value` against `spec`; returns a fresh copy holding only the fields the spec knows. */
export function checkValue(spec: FieldSpec, value: unknown, path: string, errors: string[]): unknown {
  if (value === null && spec.nullable) return null;
  switch (spec.t) {
    case 'const':
      if (value !== spec.value) push(errors, `${path} must be "${spec.value}"`);
      return value;
    case 'str':
      if (typeof value !== 'string') {
        push(errors, `${path} must be a string`);
      } else if (value.length < spec.min || value.length > spec.max) {
        push(errors, `${path} must be ${spec.min}..${spec.max} characters long`);
      } else if (spec.oneOf && spec.oneOf.indexOf(value) === -1) {
        push(errors, `${path} must be one of: ${spec.oneOf.join(', ')}`);
      } else if (spec.re && !spec.re.every((re) => matches(re, value))) {
        push(errors, `${path} has an invalid format`);
      }
      return value;
    case 'num':
      if (typeof value !== 'number' || !isFinite(value)) {
        push(errors, `${path} must be a finite number`);
      } else if (spec.int && Math.floor(value) !== value) {
        push(errors, `${path} must be an integer`);
      } else if (value < spec.min || value > spec.max) {
        push(errors, `${path} must be between ${spec.min} and ${spec.max}`);
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') push(errors, `${path} must be true or false`);
      return value;
    case 'arr':
      if (!Array.isArray(value)) {
        push(errors, `${path} must be an array`);
        return value;
      }
      if (value.length < spec.min || value.length > spec.max) {
        push(errors, `${path} must have ${spec.min}..${spec.max} items`);
        return value;
      }
      {
        // An index loop, not map(): map skips the holes of a sparse array, which would let one through.
        const items: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          items.push(checkValue(spec.items, value[i], `${path}[${i}]`, errors));
        }
        return items;
      }
    case 'obj':
      return checkObject(spec, value, path, errors, false);
  }
}

/** `isDoc`: the value is a whole document, which may carry CouchDB's meta fields (see META_KEYS). */
export function checkObject(
  spec: ObjectSpec,
  value: unknown,
  path: string,
  errors: string[],
  isDoc: boolean,
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    push(errors, `${path} must be an object`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  if (isDoc && has(value, '_id')) {
    if (typeof value._id !== 'string') push(errors, `${path}._id must be a string`);
    else if (has(value, 'id') && value.id !== value._id) push(errors, `${path}._id must equal ${path}.id`);
  }
  for (const key of Object.keys(spec.fields)) {
    const field = spec.fields[key] as FieldSpec;
    let present = has(value, key);
    let v = value[key];
    if (!present && isDoc && key === 'id' && has(value, '_id')) {
      present = true;
      v = value._id;
    }
    if (!present) {
      if (!field.optional) push(errors, `${path}.${key} is required`);
      continue;
    }
    out[key] = checkValue(field, v, `${path}.${key}`, errors);
  }
  for (const key of Object.keys(value)) {
    if (errors.length >= MAX_ERRORS) break;
    if (Object.prototype.hasOwnProperty.call(spec.fields, key)) continue;
    if (isDoc && META_KEYS.indexOf(key) !== -1) continue;
    push(errors, `${path}.${shortKey(key)} is not an allowed field`);
  }
  if (spec.anyOf && !spec.anyOf.some((k) => has(value, k) && value[k] !== null)) {
    push(errors, `${path} must have at least one of: ${spec.anyOf.join(', ')}`);
  }
  for (const [a, b] of spec.distinct ?? []) {
    if (has(value, a) && has(value, b) && value[a] === value[b]) {
      push(errors, `${path}.${a} must differ from ${path}.${b}`);
    }
  }
  for (const [a, b, v] of spec.onlyWhen ?? []) {
    if (has(value, a) && value[b] !== v)
      push(errors, `${path}.${a} is allowed only when ${path}.${b} is "${v}"`);
  }
  return out;
}
