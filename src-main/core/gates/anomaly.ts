import type { ObservedPoint } from './gate-spec';
import { isStale, summarizeWindow } from './window-stats';

/** A metric of one ring and its baseline, watched for sharp moves. */
export interface AnomalyCandidate {
  readonly metric: string;
  readonly ring: readonly ObservedPoint[];
  readonly baseline: readonly ObservedPoint[];
}

/** Sensitivity of the anomaly check. */
export interface AnomalyOptions {
  readonly nowMs: number;
  readonly windowMs: number;
  readonly intervalMs: number;
  /** Ring/baseline ratio that counts as sharp (default 2). */
  readonly ratio?: number;
  /** Samples required on each side (default 100). */
  readonly minSamples?: number;
}

/** Payload of an AnomalyDetected event. */
export interface AnomalyFinding {
  readonly metric: string;
  readonly ringValue: number;
  readonly baselineValue: number;
  readonly ratio: number;
  readonly ringSamples: number;
  readonly baselineSamples: number;
}

/**
 * Metrics no gate watches that moved sharply against the baseline (ring/baseline >= ratio,
 * or a baseline at zero and a ring above it), with enough fresh samples on both sides.
 * Only upward moves: higher is worse for the error and latency metrics this targets.
 */
export function detectAnomalies(
  candidates: readonly AnomalyCandidate[],
  gatedMetrics: ReadonlySet<string>,
  opts: AnomalyOptions,
): AnomalyFinding[] {
  const limit = opts.ratio ?? 2;
  const minSamples = opts.minSamples ?? 100;
  const out: AnomalyFinding[] = [];
  for (const c of candidates) {
    if (gatedMetrics.has(c.metric)) {
      continue;
    }
    const r = summarizeWindow(c.ring, opts.nowMs, opts.windowMs);
    const b = summarizeWindow(c.baseline, opts.nowMs, opts.windowMs);
    if (
      r.value === null ||
      b.value === null ||
      r.samples < minSamples ||
      b.samples < minSamples ||
      isStale(r.newestMs, opts.nowMs, opts.intervalMs) ||
      isStale(b.newestMs, opts.nowMs, opts.intervalMs)
    ) {
      continue;
    }
    const ratio = b.value === 0 ? (r.value > 0 ? Number.POSITIVE_INFINITY : 1) : r.value / b.value;
    if (ratio >= limit) {
      out.push({
        metric: c.metric,
        ringValue: r.value,
        baselineValue: b.value,
        ratio,
        ringSamples: r.samples,
        baselineSamples: b.samples,
      });
    }
  }
  return out;
}
