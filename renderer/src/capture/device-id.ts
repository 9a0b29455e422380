import { DEVICE_ID_RE, matches } from '../../../domain/formats';
import type { KeyValueStore } from '../platform/key-value-store';

export const DEVICE_ID_KEY = 'tertib.deviceId';

/**
 * A random id for this installation, kept in `localStorage`: reviewers can tell two devices of one officer
 * apart without the app reading any hardware identifier.
 */
export function deviceId(store: KeyValueStore, makeId: () => string = () => crypto.randomUUID()): string {
  const saved = store.getItem(DEVICE_ID_KEY);
  if (saved !== null && matches(DEVICE_ID_RE, saved)) return saved;
  const id = makeId();
  try {
    store.setItem(DEVICE_ID_KEY, id);
  } catch {
    // A full or disabled localStorage must not block saving a report; the id just is not remembered.
  }
  return id;
}
