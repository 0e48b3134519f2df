import { counterDelta, seriesKey } from './prom-select';
import type { PromSample } from './prom-text';

/** Increase of a set of counter series between two scrapes. */
export interface CounterIncrease {
  readonly increase: number;
  /** Series present, with a finite value, in both scrapes. */
  readonly series: number;
  /** Series whose value dropped (process restart): counted from zero. */
  readonly resets: number;
}

/**
 * Sums per-series increases between two scrapes of the same targets, matching series by
 * name + labels. A drop is a counter reset (restart) and counts the new value from zero,
 * like Prometheus' rate(). A series seen for the first time contributes nothing, also like
 * rate(): its history is unknown. `undefined` when no series is in both scrapes — no data,
 * not zero.
 */
export function counterIncrease(
  previous: readonly PromSample[],
  current: readonly PromSample[],
  accept: (s: PromSample) => boolean,
): CounterIncrease | undefined {
  const before = new Map<string, number>();
  for (const s of previous) {
    if (accept(s) && Number.isFinite(s.value)) {
      before.set(seriesKey(s), s.value);
    }
  }
  let increase = 0;
  let series = 0;
  let resets = 0;
  for (const s of current) {
    if (!accept(s) || !Number.isFinite(s.value)) {
      continue;
    }
    const prev = before.get(seriesKey(s));
    if (prev === undefined) {
      continue;
    }
    series++;
    if (s.value < prev) {
      resets++;
    }
    increase += counterDelta(prev, s.value);
  }
  return series === 0 ? undefined : { increase, series, resets };
}
