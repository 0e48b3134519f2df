import type { GateEvidence as JournalEvidence, GateOutcome, JsonValue } from '../rollout/event';
import type { GateEvaluation } from './gate-spec';

/** The shape the engine's GateMonitor port returns (runtime/gate-monitor `GateReading`). */
export interface GateReadingLike {
  readonly gate: string;
  readonly ring: string | null;
  readonly outcome: GateOutcome;
  readonly evidence: JournalEvidence;
}

/** JSON has no Infinity or NaN: keep them readable as strings instead of silently null. */
function json(x: number | null | undefined): JsonValue {
  if (x === null || x === undefined) {
    return null;
  }
  return Number.isFinite(x) ? x : String(x);
}

/**
 * Turns an evaluation into what the engine journals: the verdict and a JSON-safe evidence
 * record (values, sample sizes, statistic, threshold, reason, kind, platform).
 * `ring` is null for platform gates, as the engine expects.
 */
export function toGateReading(e: GateEvaluation, ring: string | null): GateReadingLike {
  const evidence: Record<string, JsonValue> = {
    kind: e.kind,
    ringValue: json(e.evidence.ringValue),
    baselineValue: json(e.evidence.baselineValue),
    ringSamples: json(e.evidence.ringSamples),
    baselineSamples: json(e.evidence.baselineSamples),
    reason: e.evidence.reason,
    atMs: e.atMs,
  };
  if (e.evidence.statistic !== undefined) {
    evidence['statistic'] = json(e.evidence.statistic);
  }
  if (e.evidence.threshold !== undefined) {
    evidence['threshold'] = json(e.evidence.threshold);
  }
  return { gate: e.gate, ring: e.platform ? null : ring, outcome: e.outcome, evidence };
}
