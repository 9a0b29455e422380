import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();

describe('locales', () => {
  const locales = { id: flatten(id), en: flatten(en) };

  it('have exactly the same keys', () => {
    expect([...locales.en.keys()].sort()).toEqual([...locales.id.keys()].sort());
  });

  it.each(Object.entries(locales))('%s has no empty values', (_name, messages) => {
    const empty = [...messages].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same interpolation placeholders for each key', () => {
    const mismatched = [...locales.id].filter(
      ([key, value]) => placeholders(value).join() !== placeholders(locales.en.get(key) ?? '').join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('carry the labels the end-to-end tests rely on', () => {
    expect(locales.id.get('login.server')).toBe('Alamat server');
    expect(locales.id.get('login.name')).toBe('Nama pengguna');
    expect(locales.id.get('login.password')).toBe('Kata sandi');
    expect(locales.id.get('login.submit')).toBe('Masuk');
    expect(locales.id.get('nav.label')).toBe('Navigasi utama');
    expect(locales.id.get('header.logout')).toBe('Keluar');
    expect(locales.en.get('login.server')).toBe('Server address');
    expect(locales.en.get('login.name')).toBe('User name');
    expect(locales.en.get('login.password')).toBe('Password');
    expect(locales.en.get('login.submit')).toBe('Sign in');
    expect(locales.en.get('header.logout')).toBe('Sign out');
  });
});
