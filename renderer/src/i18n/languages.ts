import type { KeyValueStore } from '../platform/key-value-store';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

const STORAGE_KEY = 'tertib.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The saved choice, else Indonesian: the app's users are Indonesian officers, whatever the OS says. */
export function savedLanguage(store: KeyValueStore): Language {
  const saved = store.getItem(STORAGE_KEY);
  return isLanguage(saved) ? saved : DEFAULT_LANGUAGE;
}

export function saveLanguage(store: KeyValueStore, language: Language): void {
  store.setItem(STORAGE_KEY, language);
}
