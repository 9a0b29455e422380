import { checkSchema } from 'rxdb/plugins/dev-mode';
import { describe, expect, it } from 'vitest';
import { REPORT_SPEC, type Report } from '../../../../domain/report';
import { EVENT_SPECS, type EventBase } from '../../../../domain/report-events';
import type { FieldSpec } from '../../../../domain/schema';
import { EVENT_SCHEMA, REPORT_SCHEMA, REPORT_SYNC_SCHEMA } from './schemas';

interface JsonSchemaNode {
  type?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: readonly string[];
  items?: JsonSchemaNode;
}

/** Every field path of a domain spec (`location.lat`, `photos[].sha256`), with whether it must be present. */
function specPaths(spec: FieldSpec, prefix = ''): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (spec.t === 'obj') {
    for (const [key, field] of Object.entries(spec.fields)) {
      const path = prefix + key;
      out.set(path, !field.optional);
      for (const [p, r] of specPaths(field, path + '.')) out.set(p, r);
    }
  } else if (spec.t === 'arr') {
    for (const [p, r] of specPaths(spec.items, prefix.slice(0, -1) + '[].')) out.set(p, r);
  }
  return out;
}

function schemaPaths(node: JsonSchemaNode, prefix = ''): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix + key;
    out.set(path, (node.required ?? []).includes(key));
    for (const [p, r] of schemaPaths(child, path + '.')) out.set(p, r);
    if (child.items) for (const [p, r] of schemaPaths(child.items, path + '[].')) out.set(p, r);
  }
  return out;
}

// Compile-time half of the parity check: adding a field to `Report` breaks this line until it is listed.
const REPORT_FIELDS: Record<keyof Report, true> = {
  type: true,
  id: true,
  categoryId: true,
  description: true,
  placeNote: true,
  location: true,
  deviceFix: true,
  capturedAt: true,
  createdAt: true,
  photos: true,
  author: true,
  team: true,
  region: true,
  area: true,
  deviceId: true,
  appVersion: true,
  schemaVersion: true,
  signature: true,
};
/** Each field of every event, and whether it is required (the signed-event fields are not: older events lack them). */
const EVENT_BASE_FIELDS: Record<keyof EventBase | 'kind', boolean> = {
  type: true,
  id: true,
  reportId: true,
  kind: true,
  actor: true,
  actorRole: true,
  at: true,
  reportAuthor: true,
  reportTeam: true,
  reportRegion: true,
  deviceId: false,
  reportHash: false,
  prev: false,
  signature: false,
};

describe('local database schemas', () => {
  it('are valid RxDB schemas (checked with dev-mode here, which the app never loads)', () => {
    for (const schema of [REPORT_SCHEMA, REPORT_SYNC_SCHEMA, EVENT_SCHEMA]) expect(() => checkSchema(schema)).not.toThrow();
  });

  it('store every field of the domain Report, at every depth, required exactly where the domain requires it', () => {
    expect(Object.keys(REPORT_SCHEMA.properties).sort()).toEqual(Object.keys(REPORT_FIELDS).sort());
    const schema = schemaPaths(REPORT_SCHEMA as JsonSchemaNode);
    expect([...schema].sort()).toEqual([...specPaths(REPORT_SPEC)].sort());
  });

  it('store every field of every event kind', () => {
    const schema = schemaPaths(EVENT_SCHEMA as JsonSchemaNode);
    for (const [key, required] of Object.entries(EVENT_BASE_FIELDS)) expect(schema.get(key), key).toBe(required);
    for (const spec of Object.values(EVENT_SPECS)) {
      for (const path of specPaths(spec).keys()) expect(schema.has(path), path).toBe(true);
    }
  });

  it('index what the screens query by', () => {
    expect(REPORT_SCHEMA.indexes).toContainEqual('createdAt');
    expect(REPORT_SCHEMA.indexes).toContainEqual(['author', 'createdAt']);
    expect(EVENT_SCHEMA.indexes).toContain('reportId');
  });
});
