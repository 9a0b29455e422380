import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  const make = () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 5, windowMs: 900_000, now: () => now });
    return { throttle, advance: (ms: number) => (now += ms) };
  };

  it('counts an attempt before its password is checked: a burst cannot outrun it', async () => {
    const { throttle } = make();
    // 40 guesses arriving together: each is decided and counted before any password check finishes.
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => throttle.attempt('10.0.0.9', 'pengawas')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions[5]).toMatchObject({ allowed: false });
  });

  it('forgives a correct attempt, so officers of one post signing in together are not locked out', async () => {
    const { throttle } = make();
    const names = Array.from({ length: 30 }, (_, i) => `petugas${i}`);
    for (const name of names) {
      expect((await throttle.attempt('10.0.0.1', name)).allowed).toBe(true);
      await throttle.recordSuccess('10.0.0.1', name);
    }
  });

  it('takes back a correct attempt also when the address has failures on record', async () => {
    const { throttle } = make();
    // Two mistyped passwords at the post, then the whole shift signs in from the same address.
    for (const name of ['petugas-a', 'petugas-b'])
      expect((await throttle.attempt('10.0.0.1', name)).allowed).toBe(true);
    for (let i = 0; i < 30; i++) {
      expect((await throttle.attempt('10.0.0.1', `petugas${i}`)).allowed).toBe(true);
      await throttle.recordSuccess('10.0.0.1', `petugas${i}`);
    }
  });

  it('keeps a name blocked after failures, and the window lets it go again', async () => {
    const { throttle, advance } = make();
    for (let i = 0; i < 5; i++) await throttle.attempt('10.0.0.9', 'pengawas');
    expect(await throttle.attempt('10.0.0.9', 'pengawas')).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
    // Another name from the same address and the same name elsewhere are unaffected.
    expect((await throttle.attempt('10.0.0.9', 'petugas1')).allowed).toBe(true);
    expect((await throttle.attempt('10.0.0.8', 'pengawas')).allowed).toBe(true);
    advance(31_000);
    expect((await throttle.attempt('10.0.0.9', 'pengawas')).allowed).toBe(true);
  });
});
