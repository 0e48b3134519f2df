/**
 * Smoothing and the baseline's spread, as Grafana draws them: per-second samples are noisy,
 * and a noisy line's peaks, not its level, are what the eye compares with a gate's limit.
 * Pure, over points ordered by time.
 */
import type { SeriesPoint } from '../store/telemetry-slice';

/** One time of the baseline's band: its mean ± two standard deviations around then. */
export interface BandPoint {
  readonly t: number;
  readonly lo: number;
  readonly hi: number;
}

/** The averaging windows offered, like Grafana's intervals: a chart keeps one while it grows. */
const WINDOWS_MS = [5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000];

/**
 * The averaging window for a chart spanning `spanMs`: the first step of at least 1/60 of the
 * span (a 5-minute chart averages over 5 s, an hour over a minute), 5 s to 5 minutes. A
 * step, not the exact fraction, so a line whose samples did not change is not recomputed
 * because the chart grew by a second.
 */
export function smoothingWindowMs(spanMs: number): number {
  return WINDOWS_MS.find((w) => w >= spanMs / 60) ?? 300_000;
}

/**
 * Each point replaced by the mean of the points in the `windowMs` before it (itself
 * included): a trailing moving average, so a step shows where it happened, not before.
 */
export function smooth(points: readonly SeriesPoint[], windowMs: number): SeriesPoint[] {
  const out: SeriesPoint[] = new Array<SeriesPoint>(points.length);
  let from = 0;
  let sum = 0;
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i]!;
    sum += p.v;
    while (points[from]!.t <= p.t - windowMs) {
      sum -= points[from]!.v;
      from += 1;
    }
    out[i] = { t: p.t, v: sum / (i - from + 1) };
  }
  return out;
}

/**
 * The spread of `points` (the baseline) over the trailing `windowMs`: mean ± 2 standard
 * deviations at each point. A ring inside the band behaves like the hosts not yet updated.
 */
export function spreadBand(points: readonly SeriesPoint[], windowMs: number): BandPoint[] {
  const out: BandPoint[] = new Array<BandPoint>(points.length);
  let from = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i]!;
    sum += p.v;
    squares += p.v * p.v;
    while (points[from]!.t <= p.t - windowMs) {
      const old = points[from]!.v;
      sum -= old;
      squares -= old * old;
      from += 1;
    }
    const n = i - from + 1;
    const mean = sum / n;
    // Rounding can make the variance of equal values a hair below zero.
    const sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
    out[i] = { t: p.t, lo: mean - 2 * sd, hi: mean + 2 * sd };
  }
  return out;
}

/**
 * The band at the times of `points` (a subset of the band's times, both ordered by time):
 * drawn at the baseline line's own times, it adds no row to the chart's table.
 */
export function bandAt(band: readonly BandPoint[], points: readonly SeriesPoint[]): BandPoint[] {
  const out: BandPoint[] = [];
  let i = 0;
  for (const p of points) {
    while (i < band.length && band[i]!.t < p.t) {
      i += 1;
    }
    const b = band[i];
    if (b !== undefined && b.t === p.t) {
      out.push(b);
    }
  }
  return out;
}
