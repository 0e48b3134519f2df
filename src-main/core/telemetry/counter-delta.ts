import {
  aggregateBuckets,
  counterDelta,
  compileSelector,
  seriesKey,
  type HistogramBucket,
  type LabelMatcher,
} from './prom-select';
import type { PromSample } from './prom-text';

/** Increase of a set of counter series between two scrapes. */
export interface CounterIncrease {
  readonly increase: number;
  /** Series present, with a finite value, in both scrapes. */
  readonly series: number;
  /** Series whose value dropped (process restart): counted from zero. */
  readonly resets: number;
}

/** One series' increase between two scrapes. */
export interface SeriesIncrease {
  readonly sample: PromSample;
  readonly increase: number;
  readonly reset: boolean;
}

/**
 * Per-series increases between two scrapes, matching series by name + labels. A drop is a
 * counter reset (restart) and counts the new value from zero, like Prometheus' rate(). A
 * series seen for the first time contributes nothing, also like rate(): its history is
 * unknown.
 */
export function seriesIncreases(
  previous: readonly PromSample[],
  current: readonly PromSample[],
  accept: (s: PromSample) => boolean,
): SeriesIncrease[] {
  const before = new Map<string, number>();
  for (const s of previous) {
    if (accept(s) && Number.isFinite(s.value)) {
      before.set(seriesKey(s), s.value);
    }
  }
  const out: SeriesIncrease[] = [];
  for (const s of current) {
    if (!accept(s) || !Number.isFinite(s.value)) {
      continue;
    }
    const prev = before.get(seriesKey(s));
    if (prev !== undefined) {
      out.push({ sample: s, increase: counterDelta(prev, s.value), reset: s.value < prev });
    }
  }
  return out;
}

/** Summed increase of the accepted series; `undefined` when no series is in both scrapes (no data, not zero). */
export function counterIncrease(
  previous: readonly PromSample[],
  current: readonly PromSample[],
  accept: (s: PromSample) => boolean,
): CounterIncrease | undefined {
  const list = seriesIncreases(previous, current, accept);
  if (list.length === 0) {
    return undefined;
  }
  return {
    increase: list.reduce((s, x) => s + x.increase, 0),
    series: list.length,
    resets: list.filter((x) => x.reset).length,
  };
}

/** Two scrapes of one host. */
export interface HostScrapePair {
  readonly previous: readonly PromSample[];
  readonly current: readonly PromSample[];
}

/**
 * A histogram's increase over one interval across hosts (`sum by (le)` of per-series
 * increases), for the latency test. Empty when no bucket series is in both scrapes.
 */
export function histogramIncrease(
  pairs: readonly HostScrapePair[],
  histogram: string,
  matchers: readonly LabelMatcher[],
): HistogramBucket[] {
  const accept = compileSelector(`${histogram}_bucket`, matchers);
  if (!accept.ok) {
    return [];
  }
  const increases = pairs.flatMap((p) => seriesIncreases(p.previous, p.current, accept.test));
  return aggregateBuckets(increases.map((x) => ({ ...x.sample, value: x.increase })));
}
