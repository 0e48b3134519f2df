/**
 * One collection round turned into per-scope metric values: the ring's hosts or the
 * baseline's, from two rounds of per-host samples. Hosts without data are unknown, never
 * zero: a scope where no host reported yields no point at all.
 */
import type { ObservedPoint } from '../gates/gate-spec';
import { histogramIncrease } from './counter-delta';
import { histogramQuantile, type HistogramBucket } from './prom-select';
import type { PromSample } from './prom-text';
import { scopeCounts } from './scope-counts';
import type { ResolvedMetric } from './telemetry-plan';

/** Per-host samples of one round (host -> samples); a host absent here had no data. */
export type HostSamples = ReadonlyMap<string, readonly PromSample[]>;

/** What one scope showed for one metric over one interval. */
export interface ScopeObservation {
  /** The metric's value with its sample size; absent when the scope had no usable data. */
  readonly point?: ObservedPoint;
  /** Events/exposure (ratio metrics) for the sequential counts test. */
  readonly counts?: { readonly events: number; readonly exposure: number };
  /** Histogram increase over the interval (quantile metrics) for the sequential latency test. */
  readonly buckets?: readonly HistogramBucket[];
  readonly hostsReporting: number;
}

/**
 * Computes a (non-PromQL) metric for the hosts of one scope from two rounds. `seconds` is
 * the time between the rounds (for rates).
 */
export function observeScope(
  metric: Exclude<ResolvedMetric, { kind: 'promql' }>,
  previous: HostSamples,
  current: HostSamples,
  hosts: readonly string[],
  atMs: number,
  seconds: number,
): ScopeObservation {
  switch (metric.kind) {
    case 'ratio': {
      const c = scopeCounts(
        previous,
        current,
        hosts,
        metric.numerator.test,
        metric.denominator.test,
      );
      if (c === undefined) {
        return { hostsReporting: 0 };
      }
      const counts = { events: c.events, exposure: c.exposure };
      return c.exposure > 0
        ? {
            point: { t: atMs, v: c.events / c.exposure, n: c.exposure },
            counts,
            hostsReporting: c.hostsReporting,
          }
        : { counts, hostsReporting: c.hostsReporting };
    }
    case 'rate': {
      const c = scopeCounts(previous, current, hosts, metric.selector.test, metric.selector.test);
      if (c === undefined || !(seconds > 0)) {
        return { hostsReporting: 0 };
      }
      return {
        point: { t: atMs, v: c.events / seconds, n: c.hostsReporting },
        hostsReporting: c.hostsReporting,
      };
    }
    case 'gauge': {
      let sum = 0;
      let n = 0;
      for (const h of hosts) {
        const vals = (current.get(h) ?? []).filter(
          (s) => metric.selector.test(s) && Number.isFinite(s.value),
        );
        if (vals.length > 0) {
          sum += vals.reduce((a, s) => a + s.value, 0);
          n++;
        }
      }
      return n === 0
        ? { hostsReporting: 0 }
        : { point: { t: atMs, v: sum / n, n }, hostsReporting: n };
    }
    case 'quantile': {
      const pairs = hosts.flatMap((h) => {
        const p = previous.get(h);
        const c = current.get(h);
        return p !== undefined && c !== undefined ? [{ previous: p, current: c }] : [];
      });
      const buckets = histogramIncrease(pairs, metric.histogram, metric.matchers);
      const total = buckets.find((b) => b.le === Number.POSITIVE_INFINITY)?.count ?? 0;
      const q = histogramQuantile(metric.q, buckets);
      if (buckets.length === 0) {
        return { hostsReporting: 0 };
      }
      return q === undefined || total <= 0
        ? { buckets, hostsReporting: pairs.length }
        : { point: { t: atMs, v: q, n: total }, buckets, hostsReporting: pairs.length };
    }
    default: {
      const never: never = metric;
      return never;
    }
  }
}

/** The scope's cumulative histogram right now (for choosing a latency threshold before judging). */
export function cumulativeBuckets(
  metric: Extract<ResolvedMetric, { kind: 'quantile' }>,
  current: HostSamples,
  hosts: readonly string[],
): HistogramBucket[] {
  // Increase from an empty previous round = the cumulative counts themselves.
  const pairs = hosts.flatMap((h) => {
    const c = current.get(h);
    return c === undefined ? [] : [{ previous: c.map((s) => ({ ...s, value: 0 })), current: c }];
  });
  return histogramIncrease(pairs, metric.histogram, metric.matchers);
}

/** Metric names a set of metrics reads (with `_bucket` for histograms), for one raw PromQL fetch. */
export function seriesNames(metrics: readonly ResolvedMetric[]): string[] {
  const names = new Set<string>();
  for (const m of metrics) {
    switch (m.kind) {
      case 'ratio':
        names.add(m.numerator.name);
        names.add(m.denominator.name);
        break;
      case 'rate':
      case 'gauge':
        names.add(m.selector.name);
        break;
      case 'quantile':
        names.add(`${m.histogram}_bucket`);
        break;
      case 'promql':
        break;
      default: {
        const never: never = m;
        return never;
      }
    }
  }
  return [...names].sort();
}
