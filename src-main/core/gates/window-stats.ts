import type { ObservedPoint } from './gate-spec';

/** A series reduced over a window. */
export interface WindowSummary {
  /** Sample-size-weighted mean of the values; null when the window holds no finite value. */
  readonly value: number | null;
  /** Sum of `n` (1 per point when `n` is absent). */
  readonly samples: number;
  readonly newestMs: number | null;
}

/**
 * Reduces the points in (now - windowMs, now] to one value. Non-finite values (NaN from an
 * empty ratio, Inf) are skipped rather than counted as zero: no data is not healthy.
 */
export function summarizeWindow(
  points: readonly ObservedPoint[],
  nowMs: number,
  windowMs: number,
): WindowSummary {
  let weighted = 0;
  let samples = 0;
  let newest: number | null = null;
  for (const p of points) {
    if (p.t <= nowMs - windowMs || p.t > nowMs || !Number.isFinite(p.v)) {
      continue;
    }
    const n = p.n ?? 1;
    if (!(n > 0)) {
      continue;
    }
    weighted += p.v * n;
    samples += n;
    newest = newest === null ? p.t : Math.max(newest, p.t);
  }
  return { value: samples > 0 ? weighted / samples : null, samples, newestMs: newest };
}

/** True when the newest sample is older than two collection intervals (or there is none). */
export function isStale(
  newestMs: number | null | undefined,
  nowMs: number,
  intervalMs: number,
): boolean {
  return newestMs === null || newestMs === undefined || nowMs - newestMs > 2 * intervalMs;
}
