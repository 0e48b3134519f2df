import { useRef } from 'react';

/**
 * `next`, or the array returned last time when it holds the same items. Snapshots and sample
 * batches bring new arrays with old content; handing back the old array lets memoised
 * components (and recharts' own store) skip a redraw that would change nothing.
 */
export function useStableList<T>(next: readonly T[], same: (a: T, b: T) => boolean): readonly T[] {
  const kept = useRef(next);
  const prev = kept.current;
  if (prev !== next && (prev.length !== next.length || prev.some((p, i) => !same(p, next[i]!)))) {
    kept.current = next;
  }
  return kept.current;
}
