import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { preferenceStore } from '../platform';
import en from './en.json';
import id from './id.json';
import { DEFAULT_LANGUAGE, isLanguage, saveLanguage, savedLanguage, type Language } from './languages';

export { LANGUAGES, type Language } from './languages';

export const resources = {
  id: { translation: id },
  en: { translation: en },
} as const;

/** Initialise i18next (synchronously: resources are bundled, nothing is fetched) and keep `<html lang>` in step. */
export function initI18n(): typeof i18next {
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  void i18next.use(initReactI18next).init({
    resources,
    lng: savedLanguage(preferenceStore()),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ['id', 'en'],
    initAsync: false,
    // React escapes output already.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  if (!isLanguage(language)) return;
  saveLanguage(preferenceStore(), language);
  await i18next.changeLanguage(language);
}
