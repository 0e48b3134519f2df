/**
 * The sequential gates' running tests: one e-process per (ring, gate), started when the
 * ring's first host runs the new version and fed one interval per collection round.
 */
import { chooseLatencyThreshold, latencyInterval } from '../../core/gates/latency-counts';
import type { SequentialGate } from '../../core/gates/gate-spec';
import {
  startSequential,
  updateSequential,
  type SequentialState,
} from '../../core/stats/sequential';
import type { RoundObservation } from './collector';
import { cumulativeBuckets } from '../../core/telemetry/scope-metrics';
import type { ResolvedMetric } from '../../core/telemetry/telemetry-plan';

/** A running test. */
export interface SequentialTrack {
  readonly state: SequentialState;
  /** Time of the newest interval folded in. */
  readonly newestMs?: number;
  /** Latency test: the fixed "slow" bound (s), chosen from baseline data before judging. */
  readonly threshold?: number;
}

/** Why an interval could not be folded in (kept for the evidence). */
export type FeedResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Starts a test for a gate. */
export function startTrack(spec: SequentialGate): SequentialTrack {
  return { state: startSequential({ alpha: spec.alpha, delta: spec.delta }) };
}

/** Folds one round into the gate's test. */
export function feedTrack(
  track: SequentialTrack,
  spec: SequentialGate,
  metric: ResolvedMetric,
  o: RoundObservation,
  baselineHosts: readonly string[],
): { track: SequentialTrack; result: FeedResult } {
  if (spec.test === 'counts') {
    const r = o.ring.counts;
    const b = o.baseline.counts;
    if (r === undefined || b === undefined) {
      return {
        track,
        result: {
          ok: false,
          reason: `${spec.metric}: no ${r === undefined ? 'ring' : 'baseline'} counts this round`,
        },
      };
    }
    if (metric.kind !== 'ratio' && metric.kind !== 'rate') {
      return {
        track,
        result: { ok: false, reason: `${spec.metric}: a counts test needs a ratio metric` },
      };
    }
    const state = updateSequential(track.state, {
      ringEvents: r.events,
      ringExposure: r.exposure,
      baselineEvents: b.events,
      baselineExposure: b.exposure,
    });
    // Both sides reported (even zero requests): the data is fresh, if thin.
    return {
      track: { ...track, state, newestMs: o.atMs },
      result: { ok: true },
    };
  }
  if (metric.kind !== 'quantile') {
    return {
      track,
      result: { ok: false, reason: `${spec.metric}: a latency test needs a quantile metric` },
    };
  }
  let threshold = track.threshold;
  if (threshold === undefined) {
    // Chosen from the baseline as it was BEFORE this round, then kept: the guarantee needs a
    // bound that does not depend on the intervals it judges.
    threshold = chooseLatencyThreshold(
      cumulativeBuckets(metric, o.baselineBefore, baselineHosts),
      metric.q,
    );
    if (threshold === undefined) {
      return {
        track,
        result: {
          ok: false,
          reason: `${spec.metric}: no baseline histogram yet to fix the slow bound`,
        },
      };
    }
    // The round that fixed the bound is not judged by it.
    return { track: { ...track, threshold }, result: { ok: true } };
  }
  const c =
    o.ring.buckets && o.baseline.buckets
      ? latencyInterval(o.ring.buckets, o.baseline.buckets, threshold)
      : undefined;
  if (c === undefined) {
    return {
      track,
      result: {
        ok: false,
        reason: `${spec.metric}: no histogram increase on both sides this round`,
      },
    };
  }
  const state = updateSequential(track.state, c);
  return {
    track: { ...track, state, newestMs: o.atMs },
    result: { ok: true },
  };
}
