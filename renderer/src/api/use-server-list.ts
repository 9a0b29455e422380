import { useCallback, useEffect, useState } from 'react';

export interface ServerListState<T> {
  items: T[] | null;
  loading: boolean;
  /** The error of the last load, if it failed. */
  loadError: unknown;
  reload(): Promise<void>;
  /** Runs a change on the server, then loads the list again (rejects with the change's error). */
  change(run: () => Promise<unknown>): Promise<void>;
}

/** A list an administrator manages on the server (accounts, devices): load, reload, change then reload. */
export function useServerList<T>(load: () => Promise<T[]>): ServerListState<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);

  // State is only set from promise callbacks, never synchronously inside the effect.
  const fetchItems = useCallback(
    () =>
      load().then(
        (list) => {
          setItems(list);
          setLoadError(null);
          setLoading(false);
        },
        (error: unknown) => {
          setLoadError(error);
          setLoading(false);
        },
      ),
    [load],
  );

  useEffect(() => {
    void fetchItems();
  }, [fetchItems]);

  const reload = useCallback(async () => {
    setLoading(true);
    await fetchItems();
  }, [fetchItems]);

  const change = useCallback(
    async (run: () => Promise<unknown>) => {
      await run();
      await fetchItems();
    },
    [fetchItems],
  );

  return { items, loading, loadError, reload, change };
}
