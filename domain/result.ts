// The validators' result envelope. Errors are a list (not the first failure only) so a form can show every
// problem at once; each message names the field it is about, in English — the renderer translates by field.

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export const valid = <T>(value: T): Validation<T> => ({ ok: true, value });

export const invalid = <T = never>(errors: string[]): Validation<T> => ({ ok: false, errors });
