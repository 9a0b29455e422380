import { useCallback, useEffect, useState } from 'react';
import { parseReviewParams, reviewHash, type ReviewParams } from './review-params';

/**
 * The queue's filters, read from the URL hash and written back to it with `replaceState` (a keystroke in
 * the search box must not add a history entry; opening a report does, so Back returns to these filters).
 */
export function useReviewParams(path: string): [ReviewParams, (next: ReviewParams) => void] {
  const [params, setParams] = useState(() => parseReviewParams(window.location.hash));

  useEffect(() => {
    // The hash edited by hand, or Back/Forward between two filtered views of this screen.
    const onHash = () => {
      const hash = window.location.hash;
      if (hash === `#/${path}` || hash.startsWith(`#/${path}?`)) setParams(parseReviewParams(hash));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [path]);

  const update = useCallback(
    (next: ReviewParams) => {
      setParams(next);
      window.history.replaceState(window.history.state, '', reviewHash(path, next));
    },
    [path],
  );
  return [params, update];
}
