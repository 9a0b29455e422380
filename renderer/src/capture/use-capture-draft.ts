import { useCallback, useEffect, useRef, useState } from 'react';
import type { Draft } from '../data/contracts';
import { emptyDraft } from './capture-form';

/** The part of `useLocalData().drafts` the capture form uses. */
export interface DraftStore {
  load(): Promise<Draft | null>;
  save(draft: Draft): Promise<void>;
  clear(): Promise<void>;
}

export const DRAFT_DEBOUNCE_MS = 300;

export interface CaptureDraft {
  /** null while the stored draft is loading. */
  draft: Draft | null;
  /** The draft came back from storage (after a reload or a crash). */
  restored: boolean;
  /** The last background save failed (shown, never thrown: the form keeps working in memory). */
  saveError: unknown;
  /** Changes the draft; saved after a short pause, or at once with `immediate` (a photo was added). */
  update(change: (draft: Draft) => Draft, options?: { immediate?: boolean }): void;
  /** The draft as of the last update, for callbacks that run between renders. */
  current(): Draft | null;
  /** Forgets the draft (after the report is saved) and starts an empty one. */
  reset(): Promise<void>;
}

/**
 * The half-filled form, saved on every change. Storage operations run one after another in a queue so
 * a slow save can never land after a `clear()` and bring back a filed report's draft.
 */
export interface CaptureDraftOptions {
  onLoaded?: (draft: Draft) => void;
  /** True when the stored draft belongs to a report already saved: it is cleared instead of restored. */
  isLeftover?: () => boolean;
  onLeftoverCleared?: () => void;
}

export function useCaptureDraft(store: DraftStore, options: CaptureDraftOptions = {}): CaptureDraft {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [restored, setRestored] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const storeRef = useRef(store);
  const optionsRef = useRef(options);
  const latest = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const dirty = useRef(false);
  useEffect(() => {
    storeRef.current = store;
    optionsRef.current = options;
  });

  const enqueue = useCallback((op: () => Promise<void>): Promise<void> => {
    const next = queue.current.then(op, op);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const flush = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current || latest.current === null) return;
    dirty.current = false;
    const snapshot = latest.current;
    void enqueue(() => storeRef.current.save(snapshot)).then(
      () => setSaveError(null),
      (error: unknown) => setSaveError(error),
    );
  }, [enqueue]);

  useEffect(() => {
    let cancelled = false;
    const loading = storeRef.current.load().then(async (stored) => {
      if (stored !== null && optionsRef.current.isLeftover?.()) {
        await storeRef.current.clear();
        optionsRef.current.onLeftoverCleared?.();
        return null;
      }
      return stored;
    });
    queue.current = loading.catch(() => undefined);
    void loading.then(
      (stored) => {
        if (cancelled) return;
        const start = stored ?? emptyDraft();
        latest.current = start;
        setDraft(start);
        setRestored(stored !== null);
        optionsRef.current.onLoaded?.(start);
      },
      (error: unknown) => {
        if (cancelled) return;
        const start = emptyDraft();
        latest.current = start;
        setDraft(start);
        setSaveError(error);
        optionsRef.current.onLoaded?.(start);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  // Leaving the screen saves what is pending instead of dropping the last 300 ms of typing.
  useEffect(() => () => flush(), [flush]);

  const update = useCallback(
    (change: (draft: Draft) => Draft, options: { immediate?: boolean } = {}) => {
      if (latest.current === null) return;
      const next = { ...change(latest.current), updatedAt: new Date().toISOString() };
      latest.current = next;
      dirty.current = true;
      setDraft(next);
      if (options.immediate) {
        flush();
      } else {
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = setTimeout(flush, DRAFT_DEBOUNCE_MS);
      }
    },
    [flush],
  );

  const reset = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    const next = emptyDraft();
    latest.current = next;
    setDraft(next);
    setRestored(false);
    await enqueue(() => storeRef.current.clear());
  }, [enqueue]);

  const current = useCallback(() => latest.current, []);
  return { draft, restored, saveError, update, reset, current };
}
