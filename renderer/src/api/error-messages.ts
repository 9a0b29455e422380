import { ApiRequestError } from './api-error';

/** Where the error happened: a 429 on the login form is about sign-in attempts. */
export type ErrorContext = 'login' | 'general';

export type ErrorMessageKey =
  | 'errors.invalid_credentials'
  | 'errors.account_disabled'
  | 'errors.too_many_logins'
  | 'errors.too_many_logins_later'
  | 'errors.too_many_requests'
  | 'errors.too_many_requests_later'
  | 'errors.bad_request'
  | 'errors.unauthorized'
  | 'errors.session_expired'
  | 'errors.forbidden'
  | 'errors.not_found'
  | 'errors.conflict'
  | 'errors.payload_too_large'
  | 'errors.unavailable'
  | 'errors.backend_credential'
  | 'errors.internal'
  | 'errors.network'
  | 'errors.invalid_response'
  | 'errors.unexpected';

export interface ErrorMessage {
  key: ErrorMessageKey;
  params: Record<string, string | number>;
  /** The server's own sentence, shown as a detail where it helps the user fix their input. */
  detail: string | null;
}

/** Map any thrown value to the translated message that explains it. */
export function errorMessage(error: unknown, context: ErrorContext): ErrorMessage {
  if (!(error instanceof ApiRequestError)) return { key: 'errors.unexpected', params: {}, detail: null };
  switch (error.code) {
    case 'too_many_requests': {
      const prefix = context === 'login' ? 'errors.too_many_logins' : 'errors.too_many_requests';
      return error.retryAfterSeconds === null
        ? { key: `${prefix}_later`, params: {}, detail: null }
        : { key: prefix, params: { seconds: error.retryAfterSeconds }, detail: null };
    }
    case 'bad_request':
      return { key: 'errors.bad_request', params: {}, detail: error.reason || null };
    default:
      return { key: `errors.${error.code}`, params: {}, detail: null };
  }
}
