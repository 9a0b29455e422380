import type { ApiErrorCode } from '../../../domain/api';

/** What can go wrong with a request: the server's own codes, plus the two the client detects itself. */
export type RequestErrorCode = ApiErrorCode | 'network' | 'invalid_response';

export class ApiRequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** The server's English sentence, for logs and as a detail; never the main message shown. */
    readonly reason: string,
    /** Seconds to wait, from `Retry-After` on 429/503. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${code}${status ? ` (${status})` : ''}: ${reason}`);
    this.name = 'ApiRequestError';
  }
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns whole seconds, at
 * least 1, or null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.max(1, Number.parseInt(text, 10));
  // An HTTP date always names its weekday or month; `Date.parse` alone would read "-3" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

const statusFallback: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  503: 'unavailable',
};

const knownCodes = new Set<string>([
  'bad_request',
  'unauthorized',
  'invalid_credentials',
  'account_disabled',
  'session_expired',
  'forbidden',
  'not_found',
  'too_many_requests',
  'payload_too_large',
  'conflict',
  'unavailable',
  'backend_credential',
  'internal',
] satisfies ApiErrorCode[]);

/** The error code for a failed response: the body's `error` when it is one we know, else from the status. */
export function errorCodeFor(status: number, body: unknown): ApiErrorCode {
  if (typeof body === 'object' && body !== null) {
    const code = (body as { error?: unknown }).error;
    if (typeof code === 'string' && knownCodes.has(code)) return code as ApiErrorCode;
  }
  return statusFallback[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}
