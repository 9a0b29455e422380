import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, validateCategory } from './categories';

describe('default categories', () => {
  it('are valid, active and have unique ids', () => {
    for (const c of DEFAULT_CATEGORIES) expect(validateCategory(c)).toEqual({ ok: true, value: c });
    expect(DEFAULT_CATEGORIES.every((c) => c.active)).toBe(true);
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.id)).size).toBe(DEFAULT_CATEGORIES.length);
  });

  it('start from the PSBB set', () => {
    const labels = DEFAULT_CATEGORIES.map((c) => c.label.id);
    for (const l of [
      'Kesehatan',
      'Gangguan Ketenteraman dan Ketertiban',
      'Tenaga Kerja',
      'Bantuan Sosial',
      'Perdagangan',
    ]) {
      expect(labels).toContain(l);
    }
  });

  it('rejects a non-kebab-case id and a missing English label', () => {
    expect(validateCategory({ id: 'Parkir_Liar', label: { id: 'a', en: 'b' }, active: true }).ok).toBe(false);
    expect(validateCategory({ id: 'parkir', label: { id: 'a' }, active: true }).ok).toBe(false);
  });
});
