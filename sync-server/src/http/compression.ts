import zlib from 'node:zlib';
import compression from 'compression';
import type { Express, Request, RequestHandler, Response } from 'express';

// Fewer bytes on a slow link (issue 10), both ways.
//
// Responses: the `compression` middleware (expressjs' own, the one Express documents; negotiates br and
// gzip from Accept-Encoding, brotli at quality 4 by default so large `_changes` pages stay cheap to make,
// skips bodies under 1 KB and non-compressible types such as JPEG). A longpoll `_changes` that is waiting
// writes heartbeat newlines; a compressor would hold them in its buffer, so on live feeds every write is
// flushed at once (the newline then costs a few bytes, and still reaches the client in time).
//
// Requests: a JSON body sent with Content-Encoding gzip, deflate or br is decoded here, bounded: the
// decoded size may not pass the limit of the route it is for, and decoding stops there (a zip bomb is read
// no further than that). A body that does not decode, or decodes past the limit, or is not JSON, is a 400
// in CouchDB's {error, reason} shape (the API's `ok: false` added under /api); the server keeps serving.

const LIVE_FEEDS = new Set(['longpoll', 'continuous', 'eventsource']);

function isLiveFeed(req: Request): boolean {
  return req.path.endsWith('/_changes') && LIVE_FEEDS.has(String(req.query.feed));
}

export function compressResponses(): RequestHandler {
  const compress = compression({ threshold: 1024 });
  return (req, res, next) => {
    compress(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (isLiveFeed(req)) {
        const write = res.write.bind(res) as (...args: unknown[]) => boolean;
        // Overloads of res.write cannot be re-declared one by one; the arguments pass through unchanged.
        res.write = ((...args: unknown[]) => {
          const ok = write(...args);
          res.flush();
          return ok;
        }) as Response['write'];
      }
      next();
    });
  };
}

function badBody(req: Request, res: Response, reason: string): void {
  const api = req.originalUrl.startsWith('/api/');
  res.status(400).json(api ? { ok: false, error: 'bad_request', reason } : { error: 'bad_request', reason });
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * Decodes a compressed JSON request body into `req.body`, at most `limitBytes` decoded; the JSON parsers
 * after it see a finished request and leave `req.body` as it is. Bodies without Content-Encoding, and
 * images (whose routes refuse compressed uploads themselves), pass untouched.
 */
export function decompressRequests(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'identity' || String(req.headers['content-type'] ?? '').startsWith('image/'))
      return next();
    const decoder = decoderFor(encoding);
    if (!decoder)
      return badBody(req, res, `Content-Encoding ${encoding} is not supported (gzip, deflate, br).`);
    const chunks: Buffer[] = [];
    let decoded = 0;
    let done = false;
    const fail = (reason: string) => {
      if (done) return;
      done = true;
      req.unpipe(decoder);
      decoder.destroy();
      // Whatever is still coming is read and dropped, so the connection stays usable.
      req.resume();
      badBody(req, res, reason);
    };
    decoder.on('data', (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > limitBytes) return fail(`The request body decodes to more than ${limitBytes} bytes.`);
      chunks.push(chunk);
    });
    decoder.on('error', () => fail(`The request body is not valid ${encoding}.`));
    req.on('error', () => fail('The request body could not be read.'));
    decoder.on('end', () => {
      if (done) return;
      done = true;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return badBody(req, res, 'The decoded request body is not JSON.');
      }
      if (typeof body !== 'object' || body === null) {
        return badBody(req, res, 'The request body must be a JSON object or array.');
      }
      req.body = body;
      delete req.headers['content-encoding'];
      delete req.headers['content-length'];
      next();
    });
    req.pipe(decoder);
  };
}

const MB = 1024 * 1024;

/**
 * Both directions on one app: responses compressed, compressed request bodies decoded up to the limits of
 * the JSON parsers behind them (app.ts: the API's 64 KB; db-routes.ts: 40 MB for inline photos, 8 MB else).
 */
export function useCompression(app: Express): void {
  app.use(compressResponses());
  app.use('/api', decompressRequests(64 * 1024));
  app.use('/db/photos/_bulk_docs', decompressRequests(40 * MB));
  app.use('/db', decompressRequests(8 * MB));
}
