import 'i18next';
import type id from './id.json';

// Type-checked translation keys: `t('nav.accounts')` compiles, a typo does not. Indonesian is the source
// locale; the parity test keeps English in step.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof id };
  }
}
