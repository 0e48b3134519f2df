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

/**
 * The averaging window for a chart spanning `spanMs`: about 1/60 of the span (a 5-minute
 * chart averages over 5 s, an hour over a minute), never under 5 s nor over 5 minutes.
 */
export function smoothingWindowMs(spanMs: number): number {
  return Math.min(300_000, Math.max(5_000, Math.round(spanMs / 60)));
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

/** At most `max` band points, evenly picked (a band has no spikes to keep), last included. */
export function thinBand(band: readonly BandPoint[], max: number): readonly BandPoint[] {
  if (band.length <= max) {
    return band;
  }
  const step = band.length / max;
  const out: BandPoint[] = [];
  for (let k = 0; k < max - 1; k += 1) {
    out.push(band[Math.floor(k * step)]!);
  }
  out.push(band[band.length - 1]!);
  return out;
}
