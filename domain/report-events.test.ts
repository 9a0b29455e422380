import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, validateReportEvent } from './report-events';
import { anEvent, REPORT_ID, SHA } from './test-fixtures';

const AFTER = { sha256: SHA, bytes: 1000, width: 1600, height: 1200 };
const closing = (over: Record<string, unknown> = {}) =>
  anEvent('status-changed', { from: 'dikerjakan', to: 'selesai', note: 'PKL ditertibkan', ...over });

describe('validateReportEvent accepts', () => {
  it.each(EVENT_KINDS)('a valid %s event', (kind) => {
    const input = anEvent(kind);
    expect(validateReportEvent(input)).toEqual({ ok: true, value: input });
  });

  it('a closing event with "after" photos', () => {
    const input = closing({ photos: [AFTER, { ...AFTER, sha256: 'b'.repeat(64) }] });
    expect(validateReportEvent(input)).toEqual({ ok: true, value: input });
  });

  it('optional notes and an assignment to an officer only', () => {
    expect(validateReportEvent(anEvent('verified', { note: 'Foto jelas' })).ok).toBe(true);
    expect(validateReportEvent(anEvent('assigned', { assignedTeam: null, assignedOfficer: 'budi' })).ok).toBe(
      true,
    );
  });
});

describe('validateReportEvent rejects', () => {
  const cases: Array<[string, unknown, string]> = [
    ['null', null, 'event must be an object'],
    [
      'an unknown kind',
      anEvent('commented', { kind: 'deleted' }),
      'event.kind must be one of: ' + EVENT_KINDS.join(', '),
    ],
    [
      'an inherited kind name',
      anEvent('commented', { kind: 'constructor' }),
      'event.kind must be one of: ' + EVENT_KINDS.join(', '),
    ],
    ['a rejection without reason', anEvent('rejected', { reason: undefined }), 'event.reason is required'],
    ['a blank reason', anEvent('rejected', { reason: '   ' }), 'event.reason has an invalid format'],
    ['a disposal without unit', anEvent('disposed', { unit: undefined }), 'event.unit is required'],
    [
      'an unknown status',
      anEvent('status-changed', { to: 'closed' }),
      'event.to must be one of: menunggu, disposisi, koordinasi, dikerjakan, selesai, ditolak',
    ],
    [
      'a no-op status change',
      anEvent('status-changed', { from: 'selesai', to: 'selesai' }),
      'event.from must differ from event.to',
    ],
    [
      'an assignment to nobody',
      anEvent('assigned', { assignedTeam: null, assignedOfficer: null }),
      'event must have at least one of: assignedTeam, assignedOfficer',
    ],
    [
      'an assignment without keys',
      anEvent('assigned', { assignedTeam: undefined, assignedOfficer: undefined }),
      'event.assignedTeam is required',
    ],
    [
      'a huge comment',
      anEvent('commented', { text: 'x'.repeat(2001) }),
      'event.text must be 1..2000 characters long',
    ],
    [
      'a comment carrying a reason',
      anEvent('commented', { reason: 'x' }),
      'event.reason is not an allowed field',
    ],
    [
      'a bad photo hash',
      anEvent('photo-received', { sha256: 'g'.repeat(64) }),
      'event.sha256 has an invalid format',
    ],
    [
      'a report linked to itself',
      anEvent('linked-duplicate', { duplicateOf: REPORT_ID }),
      'event.duplicateOf must differ from event.reportId',
    ],
    [
      'an unknown role',
      anEvent('commented', { actorRole: 'root' }),
      'event.actorRole must be one of: officer, supervisor, admin',
    ],
    [
      'a missing denormalized author',
      anEvent('commented', { reportAuthor: undefined }),
      'event.reportAuthor is required',
    ],
    [
      'a non-string report region',
      anEvent('commented', { reportRegion: 7 }),
      'event.reportRegion must be a string',
    ],
    [
      'photos on a step other than selesai',
      anEvent('status-changed', { photos: [AFTER] }),
      'event.photos is allowed only when event.to is "selesai"',
    ],
    ['an empty photo list', closing({ photos: [] }), 'event.photos must have 1..5 items'],
    ['six photos', closing({ photos: Array(6).fill(AFTER) }), 'event.photos must have 1..5 items'],
    [
      'a bad after-photo hash',
      closing({ photos: [{ ...AFTER, sha256: 'x' }] }),
      'event.photos[0].sha256 must be 64..64 characters long',
    ],
    [
      'an after-photo of 0 bytes',
      closing({ photos: [{ ...AFTER, bytes: 0 }] }),
      'event.photos[0].bytes must be between 1 and 52428800',
    ],
    [
      'photos on a comment',
      anEvent('commented', { photos: [AFTER] }),
      'event.photos is not an allowed field',
    ],
    ['a bad time', anEvent('commented', { at: 'yesterday' }), 'event.at must be 24..24 characters long'],
    ['a wrong type tag', anEvent('commented', { type: 'report' }), 'event.type must be "event"'],
  ];

  it.each(cases)('%s', (_label, input, message) => {
    const result = validateReportEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(message);
  });
});
