import type { CountInterval } from '../stats/sequential';
import { countAbove, histogramQuantile, type HistogramBucket } from '../telemetry/prom-select';

/**
 * Picks the latency threshold for the sequential latency test: the smallest finite bucket
 * bound at or above the baseline's q-quantile. Choose it from data seen BEFORE the intervals
 * it is applied to (e.g. the baseline before the bake) and keep it fixed: the test's
 * guarantee needs the threshold not to depend on the data it judges.
 */
export function chooseLatencyThreshold(
  baseline: readonly HistogramBucket[],
  q: number,
): number | undefined {
  const quantile = histogramQuantile(q, baseline);
  if (quantile === undefined) {
    return undefined;
  }
  const bounds = baseline
    .map((b) => b.le)
    .filter((le) => Number.isFinite(le))
    .sort((a, b) => a - b);
  return bounds.find((le) => le >= quantile) ?? bounds[bounds.length - 1];
}

/**
 * One interval's latency counts: requests slower than `threshold` are the events, all
 * requests the exposure. The buckets are the interval's increases (current minus previous
 * cumulative counts). `undefined` when a side lacks the bound or the +Inf bucket.
 */
export function latencyInterval(
  ringDelta: readonly HistogramBucket[],
  baselineDelta: readonly HistogramBucket[],
  threshold: number,
): CountInterval | undefined {
  const total = (bs: readonly HistogramBucket[]): number | undefined =>
    bs.find((b) => b.le === Number.POSITIVE_INFINITY)?.count;
  const ringSlow = countAbove(ringDelta, threshold);
  const baseSlow = countAbove(baselineDelta, threshold);
  const ringAll = total(ringDelta);
  const baseAll = total(baselineDelta);
  if (
    ringSlow === undefined ||
    baseSlow === undefined ||
    ringAll === undefined ||
    baseAll === undefined
  ) {
    return undefined;
  }
  return {
    ringEvents: ringSlow,
    ringExposure: ringAll,
    baselineEvents: baseSlow,
    baselineExposure: baseAll,
  };
}
