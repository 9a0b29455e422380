import { describe, expect, it } from 'vitest';
import id from '../i18n/id.json';
import { ApiRequestError, type RequestErrorCode } from './api-error';
import { errorMessage } from './error-messages';

describe('errorMessage', () => {
  it.each([
    [new ApiRequestError('invalid_credentials', 401, 'x'), 'login', 'errors.invalid_credentials', {}],
    [new ApiRequestError('account_disabled', 403, 'x'), 'login', 'errors.account_disabled', {}],
    [
      new ApiRequestError('too_many_requests', 429, 'x', 30),
      'login',
      'errors.too_many_logins',
      { seconds: 30 },
    ],
    [new ApiRequestError('too_many_requests', 429, 'x'), 'login', 'errors.too_many_logins_later', {}],
    [
      new ApiRequestError('too_many_requests', 429, 'x', 5),
      'general',
      'errors.too_many_requests',
      { seconds: 5 },
    ],
    [new ApiRequestError('network', 0, 'Failed to fetch'), 'login', 'errors.network', {}],
    [new TypeError('boom'), 'general', 'errors.unexpected', {}],
  ] as const)('%s (%s) → %s', (error, context, key, params) => {
    const message = errorMessage(error, context);
    expect(message.key).toBe(key);
    expect(message.params).toEqual(params);
  });

  it('keeps the server reason as a detail for bad requests', () => {
    expect(errorMessage(new ApiRequestError('bad_request', 400, 'name is too long'), 'general').detail).toBe(
      'name is too long',
    );
  });

  it('has a translation for every code', () => {
    const codes: RequestErrorCode[] = [
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
      'internal',
      'network',
      'invalid_response',
    ];
    const errors: Record<string, string> = id.errors;
    for (const code of codes) {
      for (const context of ['login', 'general'] as const) {
        const key = errorMessage(new ApiRequestError(code, 400, 'x', 3), context).key.replace('errors.', '');
        expect(errors[key], `${code}/${context}`).toBeTruthy();
      }
    }
  });

  it('says the Indonesian sentences the brief asks for', () => {
    expect(id.errors.invalid_credentials).toBe('Nama pengguna atau kata sandi salah.');
    expect(id.errors.account_disabled).toBe('Akun ini dinonaktifkan. Hubungi administrator.');
    expect(id.errors.too_many_logins).toBe(
      'Terlalu banyak percobaan masuk. Coba lagi dalam {{seconds}} detik.',
    );
    expect(id.errors.network).toBe('Server tidak dapat dihubungi. Periksa alamat server dan koneksi.');
  });
});
