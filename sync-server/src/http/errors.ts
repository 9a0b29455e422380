import type { ErrorRequestHandler, Response } from 'express';
import type { ApiError, ApiErrorCode } from '../../../domain/api';
import { BackendCredentialError } from '../users';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  session_expired: 401,
  account_disabled: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  backend_credential: 503,
};

export class HttpError extends Error {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sendError(res: Response, code: ApiErrorCode, reason: string): void {
  const body: ApiError = { ok: false, error: code, reason };
  res.status(STATUS[code]).json(body);
}

/** The last handler: every failure leaves as a JSON ApiError, and the process never dies on bad input. */
export function errorHandler(log: (msg: string) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return sendError(res, err.code, err.message);
    if (err instanceof BackendCredentialError) {
      log(`backend credential: ${err.message}`);
      return sendError(
        res,
        'backend_credential',
        `The database does not accept this server's credential for the account (${err.message}). An administrator must check the server's configuration.`,
      );
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed')
      return sendError(res, 'bad_request', 'The request body is not valid JSON.');
    if (e.type === 'entity.too.large')
      return sendError(res, 'payload_too_large', 'The request body is too large.');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, 'bad_request', e.message ?? 'Bad request.');
    }
    log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
    return sendError(res, 'internal', 'The server could not complete the request.');
  };
}
