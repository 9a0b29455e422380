/** The subset of `Storage` the renderer uses, so tests can pass an in-memory one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, string>();

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * `localStorage`, or an in-memory store where it is unavailable (storage disabled by policy, or
 * throwing on access). Remembered preferences are a convenience: losing them must not break the app.
 */
export function browserStore(): KeyValueStore {
  try {
    const storage = globalThis.localStorage;
    const probe = '__tertib_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return new MemoryStore();
  }
}
