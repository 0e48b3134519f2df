import type { PromSample } from './prom-text';

/** A PromQL-style label matcher. Regexes are fully anchored, as in PromQL. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Selection outcome: an invalid regex is an expected, reported failure. */
export type SelectResult =
  | { readonly ok: true; readonly samples: readonly PromSample[] }
  | { readonly ok: false; readonly message: string };

/** A compiled selector: a predicate over samples, or why the matchers do not compile. */
export type SamplePredicate =
  | { readonly ok: true; readonly test: (s: PromSample) => boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Compiles name + matchers into a predicate once (regexes are compiled here, not per sample).
 * A missing label counts as the empty string, as in PromQL; regexes are fully anchored.
 */
export function compileSelector(
  name: string,
  matchers: readonly LabelMatcher[] = [],
): SamplePredicate {
  const tests: ((labels: Readonly<Record<string, string>>) => boolean)[] = [];
  for (const m of matchers) {
    let re: RegExp | undefined;
    if (m.op === '=~' || m.op === '!~') {
      try {
        re = new RegExp(`^(?:${m.value})$`);
      } catch (e) {
        return {
          ok: false,
          message: `invalid regex for label ${m.label} ${m.op} "${m.value}": ${(e as Error).message}`,
        };
      }
    }
    const get = (labels: Readonly<Record<string, string>>): string => labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        tests.push((l) => get(l) === m.value);
        break;
      case '!=':
        tests.push((l) => get(l) !== m.value);
        break;
      case '=~':
        tests.push((l) => re?.test(get(l)) === true);
        break;
      case '!~':
        tests.push((l) => re?.test(get(l)) !== true);
        break;
      default: {
        const never: never = m.op;
        return { ok: false, message: `unknown matcher op ${String(never)}` };
      }
    }
  }
  return { ok: true, test: (s) => s.name === name && tests.every((t) => t(s.labels)) };
}

/** Picks the samples named `name` whose labels satisfy every matcher. */
export function selectSeries(
  samples: readonly PromSample[],
  name: string,
  matchers: readonly LabelMatcher[] = [],
): SelectResult {
  const pred = compileSelector(name, matchers);
  return pred.ok ? { ok: true, samples: samples.filter(pred.test) } : pred;
}

/**
 * Sum of sample values, ignoring NaN. `undefined` when nothing was summed: no data is not
 * zero, and callers must keep them apart.
 */
export function sumValues(samples: readonly PromSample[]): number | undefined {
  let total = 0;
  let seen = 0;
  for (const s of samples) {
    if (!Number.isNaN(s.value)) {
      total += s.value;
      seen++;
    }
  }
  return seen === 0 ? undefined : total;
}

/** One cumulative histogram bucket: `count` observations were `<= le`. */
export interface HistogramBucket {
  readonly le: number;
  readonly count: number;
}

/**
 * Adds up the `<name>_bucket` series per `le` (like `sum by (le)`), giving one cumulative
 * histogram across hosts. Samples whose `le` does not parse are skipped.
 */
export function aggregateBuckets(bucketSamples: readonly PromSample[]): HistogramBucket[] {
  const byLe = new Map<number, number>();
  for (const s of bucketSamples) {
    const leText = s.labels['le'];
    const le =
      leText === undefined
        ? Number.NaN
        : leText.toLowerCase().includes('inf')
          ? parseInf(leText)
          : Number(leText);
    if (Number.isNaN(le) || Number.isNaN(s.value)) {
      continue;
    }
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

function parseInf(text: string): number {
  return text.trim().startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * The q-quantile of a cumulative histogram, following PromQL's `histogram_quantile`:
 * linear interpolation inside the bucket holding rank q*total, lower bound 0 for the first
 * bucket (when its bound is positive), and the highest finite bound when the rank falls in
 * the +Inf bucket. `undefined` when there is no +Inf bucket, no observation, or q is not in
 * [0, 1] — never a made-up number.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly HistogramBucket[],
): number | undefined {
  if (Number.isNaN(q) || q < 0 || q > 1) {
    return undefined;
  }
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.le !== Number.POSITIVE_INFINITY || sorted.length < 2) {
    return undefined;
  }
  // Counts from separate scrapes can be slightly non-monotonic; PromQL enforces monotonicity.
  const counts: number[] = [];
  let running = 0;
  for (const b of sorted) {
    running = Math.max(running, b.count);
    counts.push(running);
  }
  const total = counts[counts.length - 1] ?? 0;
  if (total <= 0) {
    return undefined;
  }
  const rank = q * total;
  let i = counts.findIndex((c) => c >= rank);
  if (i < 0) {
    i = counts.length - 1;
  }
  const bucket = sorted[i];
  if (bucket === undefined) {
    return undefined;
  }
  if (i === sorted.length - 1) {
    return sorted[sorted.length - 2]?.le;
  }
  if (i === 0 && bucket.le <= 0) {
    return bucket.le;
  }
  const lowerBound = i === 0 ? 0 : (sorted[i - 1]?.le ?? 0);
  const lowerCount = i === 0 ? 0 : (counts[i - 1] ?? 0);
  const inBucket = (counts[i] ?? 0) - lowerCount;
  if (inBucket <= 0) {
    return bucket.le;
  }
  return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
}

/** Observations above `threshold` in a cumulative histogram (the "slow" count for latency). */
export function countAbove(
  buckets: readonly HistogramBucket[],
  threshold: number,
): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const inf = sorted.find((b) => b.le === Number.POSITIVE_INFINITY);
  const at = sorted.find((b) => b.le === threshold);
  if (inf === undefined || at === undefined) {
    return undefined;
  }
  return Math.max(0, inf.count - at.count);
}

/** A counter reading at a time (ms). */
export interface CounterPoint {
  readonly t: number;
  readonly v: number;
}

/** Increase and per-second rate of a counter over its points. */
export interface CounterRate {
  readonly increase: number;
  readonly perSecond: number;
  readonly resets: number;
}

/**
 * Increase and rate of a counter across successive readings. A drop in value is a reset
 * (process restart): the new value is counted from zero, as Prometheus' `rate()` does.
 * Unlike PromQL, no extrapolation to window edges: the rate spans first..last reading.
 * `undefined` with fewer than two usable readings or no elapsed time.
 */
export function counterRate(points: readonly CounterPoint[]): CounterRate | undefined {
  const usable = points.filter((p) => Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  const first = usable[0];
  const last = usable[usable.length - 1];
  if (first === undefined || last === undefined || usable.length < 2 || last.t <= first.t) {
    return undefined;
  }
  let increase = 0;
  let resets = 0;
  for (let i = 1; i < usable.length; i++) {
    const prev = usable[i - 1];
    const cur = usable[i];
    if (prev === undefined || cur === undefined) {
      continue;
    }
    if (cur.v < prev.v) {
      resets++;
      increase += cur.v;
    } else {
      increase += cur.v - prev.v;
    }
  }
  return { increase, perSecond: increase / ((last.t - first.t) / 1000), resets };
}

/** Increase between two readings of one counter; a drop is a reset (count from zero). */
export function counterDelta(previous: number, current: number): number {
  return current < previous ? current : current - previous;
}

/** A stable identity for a series: its name plus sorted labels. */
export function seriesKey(sample: Pick<PromSample, 'name' | 'labels'>): string {
  const parts = Object.keys(sample.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(sample.labels[k])}`);
  return `${sample.name}{${parts.join(',')}}`;
}
