// Category search for the combobox: officers type in either language, with or without accents or
// capitals, and in any word order ("parkir liar", "liar", "illegal park").

import type { Category } from '../../../domain/categories';

export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every typed word must begin a word of the Indonesian label, the English label or the id. */
export function categoryMatches(category: Category, query: string): boolean {
  const words = normalizeText(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [category.label.id, category.label.en, category.id.replace(/-/g, ' ')]
    .map(normalizeText)
    .join(' ')
    .split(' ');
  return words.every((word) => haystack.some((candidate) => candidate.startsWith(word)));
}

/** Active categories matching the query, in the server's order. */
export function searchCategories(categories: readonly Category[], query: string): Category[] {
  return categories.filter((category) => category.active && categoryMatches(category, query));
}
