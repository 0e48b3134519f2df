/**
 * Readings the gate evaluator does not produce by itself: "pending" before a ring has data,
 * and the Azure-style bake phases applied on top of an evaluation.
 */
import type { GateEvaluation, GateSpec } from '../../core/gates/gate-spec';

/** An evaluation with no data behind it (pending, or inconclusive when it never can have). */
export function pendingEval(
  spec: GateSpec,
  now: number,
  reason: string,
  outcome: 'pending' | 'inconclusive' = 'pending',
): GateEvaluation {
  return {
    gate: spec.name,
    kind: spec.kind,
    platform: spec.platform,
    outcome,
    atMs: now,
    evidence: { ringValue: null, baselineValue: null, ringSamples: 0, baselineSamples: 0, reason },
    onTrack: false,
  };
}

/**
 * Azure-style bake phases: during `wait` nothing but a failure counts (the ring is not
 * judged healthy yet); after `healthyWithin`, a gate that never passed fails.
 */
export function applyBakePhases(
  spec: GateSpec,
  e: GateEvaluation,
  bakeStartedAt: number | null,
  phases: { waitMs: number; healthyWithinMs: number | null } | undefined,
  healthy: Set<string>,
  now: number,
): GateEvaluation {
  if (e.onTrack) {
    healthy.add(spec.name);
  }
  if (phases === undefined || e.outcome === 'fail') {
    return e;
  }
  if (bakeStartedAt === null || now < bakeStartedAt + phases.waitMs) {
    return e.outcome === 'pass'
      ? {
          ...e,
          outcome: 'pending',
          evidence: { ...e.evidence, reason: `bake wait phase: ${e.evidence.reason}` },
        }
      : e;
  }
  const deadline =
    phases.healthyWithinMs === null ? null : bakeStartedAt + phases.waitMs + phases.healthyWithinMs;
  if (deadline !== null && now >= deadline && !healthy.has(spec.name)) {
    const limit = `${Math.round((phases.healthyWithinMs ?? 0) / 100) / 10} s`;
    // Say why the gate never got healthy, not the last figures it read: a ratio that passes
    // next to "fail" contradicts itself when the real reason is a window that never filled.
    const why =
      e.outcome === 'pending'
        ? `no verdict yet (${e.evidence.reason})`
        : `${e.outcome} (${e.evidence.reason})`;
    return {
      ...e,
      outcome: 'fail',
      onTrack: false,
      evidence: {
        ...e.evidence,
        reason: `not healthy within the bake's healthyWithin of ${limit}: ${why}`,
      },
    };
  }
  return e;
}
