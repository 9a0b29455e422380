import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import id from '../i18n/id.json';
import { refusalMessage } from './refusal-message';

describe('refusals in the user language', () => {
  it.each([
    ['Unknown or retired category "pkl-trotoar".', 'refusal.category', { category: 'pkl-trotoar' }],
    ['report.team must be your own team.', 'refusal.team', {}],
    ['report.region must be your own region.', 'refusal.region', {}],
    ['An officer must belong to a team to file reports.', 'refusal.noTeam', {}],
    ['Your account has no valid role.', 'refusal.role', {}],
    ['This account belongs to another Tertib deployment.', 'refusal.deployment', {}],
    ['report.author must be the logged-in user.', 'refusal.author', {}],
    ['Documents are immutable: record a change as a new event.', 'refusal.immutable', {}],
    ['Invalid report: description must be at most 2000 characters', 'refusal.invalid', {}],
    ['The photo bytes do not match its sha256; it was not stored.', 'refusal.photo', {}],
    ['No active officer named "andi" works in the report\'s region.', 'refusal.assignee', { name: 'andi' }],
    [
      'No active officer of team "regu-9" works in the report\'s region.',
      'refusal.assignee',
      { name: 'regu-9' },
    ],
    [
      "The event's copy of its report's author, team or region does not match the report.",
      'refusal.reportCopy',
      {},
    ],
    [
      'Unsigned report: this app signs what it makes, and this report carries no signature.',
      'refusal.unsigned',
      {},
    ],
    [
      'Unsigned event: this app signs what it makes, and this event carries no signature.',
      'refusal.unsigned',
      {},
    ],
    [
      'Unsigned photo: this app signs what it makes, and this photo carries no signature.',
      'refusal.unsigned',
      {},
    ],
    ['Signature refused: unknown device "d-1".', 'refusal.unknownDevice', {}],
    [
      'Signature refused: device "d-1" was revoked (Laptop hilang; photo JPEG immutable).',
      'refusal.revokedDevice',
      { reason: 'Laptop hilang; photo JPEG immutable' },
    ],
    ['Signature refused: device "d-1" is registered to another account.', 'refusal.deviceOfOther', {}],
    ['Signature refused: the signature does not match the document.', 'refusal.badSignature', {}],
    ['Signature refused: the event names another version of its report.', 'refusal.chain', {}],
  ])('%s → %s', (reason, key, params) => {
    const m = refusalMessage(reason);
    expect(m.key).toBe(key);
    expect(m.params).toMatchObject(params);
    expect(m.detail).toBeNull();
  });

  it('keeps an unknown sentence as a labelled detail under a translated message', () => {
    expect(refusalMessage('Something new went wrong.')).toEqual({
      key: 'refusal.other',
      params: {},
      detail: 'Something new went wrong.',
    });
    expect(refusalMessage(null)).toEqual({ key: 'refusal.other', params: {}, detail: null });
  });

  it('has every message in both languages', () => {
    const keys = [
      'category',
      'team',
      'region',
      'noTeam',
      'role',
      'deployment',
      'author',
      'immutable',
      'invalid',
      'photo',
      'assignee',
      'reportCopy',
      'other',
    ];
    for (const k of keys) {
      expect((id as { refusal: Record<string, string> }).refusal[k]).toBeTruthy();
      expect((en as { refusal: Record<string, string> }).refusal[k]).toBeTruthy();
    }
  });
});
