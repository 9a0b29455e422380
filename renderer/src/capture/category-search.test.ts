import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, type Category } from '../../../domain/categories';
import { categoryMatches, normalizeText, searchCategories } from './category-search';

const ids = (query: string, list: readonly Category[] = DEFAULT_CATEGORIES) =>
  searchCategories(list, query).map((c) => c.id);

describe('category search', () => {
  it('offers every active category for an empty or blank query', () => {
    expect(ids('')).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(ids('   ')).toHaveLength(DEFAULT_CATEGORIES.length);
  });

  it('matches Indonesian and English labels, any case and word order', () => {
    expect(ids('parkir')).toEqual(['parkir-liar']);
    expect(ids('LIAR park')).toEqual(['parkir-liar']);
    expect(ids('illegal')).toEqual(['parkir-liar', 'bangunan-tanpa-izin']);
    expect(ids('street vend')).toEqual(['pkl-trotoar']);
    expect(ids('masker')).toEqual(['kerumunan-masker']);
    expect(ids('pkl')).toEqual(['pkl-trotoar']);
  });

  it('ignores accents and punctuation', () => {
    expect(normalizeText('Ketenteraman, Ketértiban!')).toBe('ketenteraman ketertiban');
    expect(ids('kerumunan / masker')).toEqual(['kerumunan-masker']);
  });

  it('finds nothing for unrelated text, and never offers retired categories', () => {
    expect(ids('zzz')).toEqual([]);
    const retired: Category = { id: 'lama', label: { id: 'Parkir Lama', en: 'Old parking' }, active: false };
    expect(ids('parkir', [...DEFAULT_CATEGORIES, retired])).toEqual(['parkir-liar']);
    expect(categoryMatches(retired, 'lama')).toBe(true);
  });

  it('treats regex characters in the query as text', () => {
    expect(ids('.*')).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(ids('(parkir')).toEqual(['parkir-liar']);
  });
});
