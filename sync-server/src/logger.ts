import crypto from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';

// Structured JSON logs, one object a line (pino), each request's lines carrying its request id. Never a
// password, token, cookie or photo: request and response serializers below name the few fields that are
// logged (no headers, no bodies, no query string), and the redaction paths catch the same fields should
// anything log them by mistake (logger.test.ts).

export const REDACT_PATHS = [
  'password',
  'token',
  'cookie',
  'authorization',
  '*.password',
  '*.token',
  '*.cookie',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*._attachments',
  '*.data',
];

export type LogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

function levelFromEnv(): LogLevel {
  const raw = (process.env.LOG_LEVEL ?? 'info').trim();
  return (
    (['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const).find((l) => l === raw) ?? 'info'
  );
}

/** The process's logger; modules import it (or a `child({ component })` of it). */
export const logger: Logger = createLogger(levelFromEnv());

/** The plain `log(msg)` the server's modules take: one info line. */
export const logLine =
  (log: Logger) =>
  (msg: string): void =>
    log.info(msg);

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the proxy's `X-Request-Id` when it sent a sane one, else a new UUID), returns
 * it in `X-Request-Id`, and logs one line per request when it ends: method, path without the query, status,
 * time. `req.log` is a child logger carrying the id.
 */
export function requestLogging(log: Logger = logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { id: unknown; method: unknown; url?: unknown }) => ({
        id: req.id,
        method: req.method,
        path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
      }),
      res: (res: { statusCode: unknown }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
