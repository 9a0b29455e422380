import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { buildValidationDesignDoc } from './couch-validation';
import {
  ADM,
  ANI,
  ANON,
  BUDI,
  LONE,
  SARI,
  SERVER,
  TONO,
  budiEvent,
  ctx,
  ev,
  report,
  rxdbForm,
  sariEvent,
  source,
  stored,
  viaCouch,
  viaGateway,
  type Doc,
} from './couch-test-harness';
import { EVENT_KINDS } from './report-events';
import { aReport, OTHER_ID, REPORT_ID } from './test-fixtures';
import type { CouchUserCtx } from './write-rules';

type Expect = 'ok' | 'forbidden' | 'unauthorized';
const AFTER_PHOTO = { sha256: 'c'.repeat(64), bytes: 5000, width: 1600, height: 1200 };
const CASES: Array<[string, Doc, Doc | null, CouchUserCtx, Expect]> = [
  // who may write at all
  ['server admin writes anything', { type: 'whatever' }, null, SERVER, 'ok'],
  ['server admin deletes', { _id: REPORT_ID, _deleted: true }, stored(report()), SERVER, 'ok'],
  ['anonymous', report(), null, ANON, 'unauthorized'],
  ['no known role', report(), null, ctx('budi', 'team:regu-1', 'region:jaksel'), 'forbidden'],
  [
    'two roles',
    report(),
    null,
    ctx('budi', 'officer', 'supervisor', 'team:regu-1', 'region:jaksel'),
    'forbidden',
  ],
  [
    'design doc by app admin',
    { _id: '_design/x', validate_doc_update: 'function(){}' },
    null,
    ADM,
    'forbidden',
  ],
  ['deletion by author', { _id: REPORT_ID, _deleted: true }, stored(report()), BUDI, 'forbidden'],
  ['unknown type', { ...report(), type: 'user' }, null, BUDI, 'forbidden'],
  ['no type', { _id: REPORT_ID }, null, BUDI, 'forbidden'],
  // reports
  ['officer files a report', report(), null, BUDI, 'ok'],
  ['officer files in RxDB form', rxdbForm(report()), null, BUDI, 'ok'],
  ['officer files as someone else', report({ author: 'ani' }), null, BUDI, 'forbidden'],
  ['officer files into another team', report({ team: 'regu-2' }), null, BUDI, 'forbidden'],
  ['officer files into another region', report({ region: 'jaktim' }), null, BUDI, 'forbidden'],
  ['officer without team', report({ team: null }), null, LONE, 'forbidden'],
  ['supervisor files a report', report({ author: 'sari', team: null }), null, SARI, 'ok'],
  ['admin files a report', report({ author: 'adm', team: null, region: null }), null, ADM, 'forbidden'],
  ['report with lat 91', report({ location: { ...aReport().location, lat: 91 } }), null, BUDI, 'forbidden'],
  ['report with extra field', report({ status: 'selesai' }), null, BUDI, 'forbidden'],
  ['report with attachment', report({ _attachments: {} }), null, BUDI, 'forbidden'],
  [
    'report with __proto__',
    JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(report()).slice(1)}`) as Doc,
    null,
    BUDI,
    'forbidden',
  ],
  ['report id ≠ _id', { ...report(), _id: OTHER_ID }, null, BUDI, 'forbidden'],
  // immutability
  ['identical re-push', stored(report()), stored(report()), BUDI, 'ok'],
  [
    'identical re-push, keys reordered',
    Object.fromEntries(Object.entries(stored(report())).reverse()),
    stored(report()),
    BUDI,
    'ok',
  ],
  [
    'identical re-push with _deleted:false',
    { ...stored(report()), _deleted: false },
    stored(report()),
    BUDI,
    'ok',
  ],
  ['author edits a report', stored(report({ description: 'ubah' })), stored(report()), BUDI, 'forbidden'],
  ['supervisor edits a report', stored(report({ description: 'ubah' })), stored(report()), SARI, 'forbidden'],
  [
    're-create over a tombstone',
    stored(report()),
    { _id: REPORT_ID, _rev: '2-x', _deleted: true },
    BUDI,
    'ok',
  ],
  [
    'event edited',
    stored(sariEvent('commented', { text: 'b' })),
    stored(sariEvent('commented')),
    SARI,
    'forbidden',
  ],
  // officer events
  ['officer submits own report', budiEvent('submitted'), null, BUDI, 'ok'],
  [
    'officer submits a teammate’s report',
    budiEvent('submitted', { reportAuthor: 'ani' }),
    null,
    BUDI,
    'forbidden',
  ],
  ['officer comments on own', budiEvent('commented'), null, BUDI, 'ok'],
  [
    'officer comments on team report',
    ev('commented', { actor: 'ani', actorRole: 'officer' }),
    null,
    ANI,
    'forbidden',
  ],
  ['officer verifies', budiEvent('verified'), null, BUDI, 'forbidden'],
  ['officer changes status', budiEvent('status-changed'), null, BUDI, 'forbidden'],
  [
    'officer claims supervisor role',
    budiEvent('verified', { actorRole: 'supervisor' }),
    null,
    BUDI,
    'forbidden',
  ],
  ['event as someone else', sariEvent('commented', { actor: 'tono' }), null, SARI, 'forbidden'],
  // supervisor and admin events
  ...EVENT_KINDS.filter((k) => k !== 'submitted' && k !== 'photo-received').map(
    (kind): [string, Doc, Doc | null, CouchUserCtx, Expect] => [
      `supervisor: ${kind} in region`,
      sariEvent(kind),
      null,
      SARI,
      'ok',
    ],
  ),
  ...EVENT_KINDS.filter((k) => k !== 'submitted' && k !== 'photo-received').map(
    (kind): [string, Doc, Doc | null, CouchUserCtx, Expect] => [
      `supervisor: ${kind} elsewhere`,
      sariEvent(kind, { actor: 'tono' }),
      null,
      TONO,
      'forbidden',
    ],
  ),
  ...EVENT_KINDS.filter((k) => k !== 'submitted' && k !== 'photo-received').map(
    (kind): [string, Doc, Doc | null, CouchUserCtx, Expect] => [
      `admin: ${kind} anywhere`,
      ev(kind, { actor: 'adm', actorRole: 'admin', reportRegion: 'jaktim' }),
      null,
      ADM,
      'ok',
    ],
  ),
  ['supervisor submits another’s report', sariEvent('submitted'), null, SARI, 'forbidden'],
  ['supervisor: photo-received', sariEvent('photo-received'), null, SARI, 'forbidden'],
  [
    'admin: photo-received',
    ev('photo-received', { actor: 'adm', actorRole: 'admin' }),
    null,
    ADM,
    'forbidden',
  ],
  [
    'server: photo-received',
    ev('photo-received', { actor: 'tertib-server', actorRole: 'admin' }),
    null,
    SERVER,
    'ok',
  ],
  [
    'supervisor reopens a rejection',
    sariEvent('status-changed', { from: 'ditolak', to: 'menunggu' }),
    null,
    SARI,
    'forbidden',
  ],
  [
    'admin reopens a rejection',
    ev('status-changed', { actor: 'adm', actorRole: 'admin', from: 'ditolak', to: 'menunggu' }),
    null,
    ADM,
    'ok',
  ],
  [
    'status skips a step',
    sariEvent('status-changed', { from: 'menunggu', to: 'selesai' }),
    null,
    SARI,
    'forbidden',
  ],
  [
    'status-changed into ditolak (needs a rejected event)',
    sariEvent('status-changed', { from: 'menunggu', to: 'ditolak' }),
    null,
    SARI,
    'forbidden',
  ],
  [
    'supervisor closes with after photos',
    sariEvent('status-changed', { from: 'dikerjakan', to: 'selesai', note: 'ok', photos: [AFTER_PHOTO] }),
    null,
    SARI,
    'ok',
  ],
  [
    'after photos on a step that does not close',
    sariEvent('status-changed', { from: 'disposisi', to: 'koordinasi', photos: [AFTER_PHOTO] }),
    null,
    SARI,
    'forbidden',
  ],
  [
    'after photos without "to"',
    sariEvent('status-changed', { to: undefined, photos: [AFTER_PHOTO] }),
    null,
    SARI,
    'forbidden',
  ],
  ['after photos on a comment', sariEvent('commented', { photos: [AFTER_PHOTO] }), null, SARI, 'forbidden'],
  [
    'closing event with six after photos',
    sariEvent('status-changed', { from: 'dikerjakan', to: 'selesai', photos: Array(6).fill(AFTER_PHOTO) }),
    null,
    SARI,
    'forbidden',
  ],
  ['rejection without reason', sariEvent('rejected', { reason: undefined }), null, SARI, 'forbidden'],
  ['inherited kind name', sariEvent('commented', { kind: 'constructor' }), null, SARI, 'forbidden'],
  ['kind missing', sariEvent('commented', { kind: undefined }), null, SARI, 'forbidden'],
];

describe('validate_doc_update source', () => {
  it('parses as ES5', () => {
    expect(() => parse('(' + source + ')', { ecmaVersion: 5 })).not.toThrow();
  });

  it('uses no ES2015+ library calls SpiderMonkey 1.8.5 lacks', () => {
    expect(source).not.toMatch(
      /\.(includes|startsWith|endsWith|padStart|repeat|find|findIndex|fill)\(|Object\.(assign|entries|values)|Array\.from|=>|`/,
    );
  });

  it('is self-contained: refers to no outer binding', () => {
    // new Function has no closure over this module, so a reference to one would throw on first use.
    expect(viaCouch(report(), null, BUDI)).toEqual({ ok: true });
  });

  it('comes in a design document', () => {
    const doc = buildValidationDesignDoc();
    expect(doc._id).toBe('_design/tertib-validation');
    expect(doc.validate_doc_update).toBe(source);
  });
});

describe('CouchDB and the gateway decide alike', () => {
  it.each(CASES)('%s → %s', (_label, newDoc, oldDoc, userCtx, expected) => {
    const gateway = viaGateway(newDoc, oldDoc, userCtx);
    expect(gateway.ok ? 'ok' : gateway.error).toBe(expected);
    expect(viaCouch(newDoc, oldDoc, userCtx)).toEqual(gateway);
  });
});

describe('refusals name their cause', () => {
  it.each([
    [
      'supervisor outside their region',
      sariEvent('verified', { actor: 'tono' }),
      TONO,
      'A supervisor may not write "verified" events for this report.',
    ],
    [
      'officer on a teammate’s report',
      ev('commented', { actor: 'ani', actorRole: 'officer' }),
      ANI,
      'An officer may not write "commented" events for this report.',
    ],
    [
      'edit of a stored report',
      stored(report({ description: 'ubah' })),
      BUDI,
      'Documents are immutable: record a change as a new event.',
    ],
  ] as const)('%s', (_label, doc, user, reason) => {
    const old = doc.type === 'report' ? stored(report()) : null;
    expect(viaGateway(doc, old, user)).toEqual({ ok: false, error: 'forbidden', reason });
  });
});
