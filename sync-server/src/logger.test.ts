import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger, requestLogging } from './logger';

// The logs never carry a password, token, cookie or photo: not when a request has them in its headers,
// body or query, and not when code logs an object holding them by mistake.

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

const SECRETS = {
  password: 'kata-sandi-rahasia-123',
  token: 'tok_5f0c9d2e7a1b4c6d8e9f0a1b2c3d4e5f',
  cookie: 'tertib_session=cookie-value-9a8b7c6d',
  photo: Buffer.from('\xff\xd8\xff' + 'JPEG-BYTES-THAT-MUST-NOT-BE-LOGGED'.repeat(20), 'latin1'),
};

describe('logger', () => {
  it('redacts secrets in objects logged by mistake', () => {
    const { lines, log } = capture();
    log.info(
      {
        password: SECRETS.password,
        user: { name: 'ani', password: SECRETS.password, token: SECRETS.token },
        req: { headers: { authorization: `Bearer ${SECRETS.token}`, cookie: SECRETS.cookie } },
        doc: { _attachments: { 'photo.jpg': { data: SECRETS.photo.toString('base64') } } },
      },
      'oops',
    );
    const text = lines.join('\n');
    expect(text).toContain('oops');
    expect(text).toContain('ani');
    for (const secret of [SECRETS.password, SECRETS.token, SECRETS.cookie, SECRETS.photo.toString('base64')])
      expect(text).not.toContain(secret);
  });

  it('logs each request with its id and never its headers, body or query', async () => {
    const { lines, log } = capture();
    const app = express();
    app.use(requestLogging(log));
    app.use(express.raw({ type: () => true, limit: '1mb' }));
    app.all('/{*rest}', (_req, res) => {
      res.setHeader('Set-Cookie', SECRETS.cookie);
      res.json({ ok: true });
    });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const login = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: SECRETS.cookie, 'x-request-id': 'lb-42' },
        body: JSON.stringify({ name: 'ani', password: SECRETS.password }),
      });
      expect(login.headers.get('x-request-id')).toBe('lb-42');
      const photo = await fetch(`${base}/db/photos/photo:abc/photo.jpg?rev=1-x&token=${SECRETS.token}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${SECRETS.token}`, 'content-type': 'image/jpeg' },
        body: SECRETS.photo,
      });
      expect(photo.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    const text = lines.join('\n');
    const entries = lines.map((l) => JSON.parse(l) as { req?: { id?: string; path?: string } });
    expect(entries.map((e) => e.req?.id)).toContain('lb-42');
    expect(entries.map((e) => e.req?.path)).toContain('/db/photos/photo:abc/photo.jpg');
    for (const secret of [
      SECRETS.password,
      SECRETS.token,
      SECRETS.cookie,
      'JPEG-BYTES',
      SECRETS.photo.toString('base64').slice(0, 40),
    ])
      expect(text).not.toContain(secret);
  });
});
