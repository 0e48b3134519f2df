import type { GateEvidence, GateOutcome, RolloutState } from '../core/rollout';

/** One gate's verdict as a telemetry source saw it, fed to `decide` as `recordGate`. */
export interface GateReading {
  readonly gate: string;
  /** null for a platform gate (infrastructure shared by every ring). */
  readonly ring: string | null;
  readonly outcome: GateOutcome;
  readonly evidence: GateEvidence;
  /** The evaluation that counts at bake end (defaults to false). */
  readonly final?: boolean;
  /**
   * For a failed gate: the plain-language halt summary (what changed, ring vs baseline,
   * hosts, log signatures). The engine passes it into the halt it journals.
   */
  readonly summary?: string;
}

/** What the engine asks every evaluation interval. */
export interface GateEvaluationInput {
  readonly state: RolloutState;
  /** The ring whose gates are due (from `gatesToWatch`), or null for platform gates only. */
  readonly ring: string | null;
  readonly gates: readonly string[];
  /** The engine's clock (ms since epoch). */
  readonly now: number;
}

/**
 * The port through which telemetry feeds gates into the engine. The engine calls
 * `evaluate` once per evaluation interval (never two calls at once) for the gates
 * `gatesToWatch(state)` names, and journals each reading through `decide`.
 *
 * A monitor must fail closed: no data, stale data or an unreachable source is
 * `inconclusive`, never `pass`. It may reject only for bugs; expected trouble is a reading.
 */
export interface GateMonitor {
  evaluate(input: GateEvaluationInput): Promise<GateReading[]>;
  close(): Promise<void>;
  /**
   * Anomalies (an ungated metric that moved sharply vs the baseline) found since the last
   * call; the engine drains them after each round and journals each as `reportAnomaly`.
   */
  drainAnomalies(): readonly AnomalyReading[];
  /**
   * True when `evaluate` reads platform gates on every call: the engine then evaluates while
   * the rollout is live even when the active ring has no gates of its own.
   */
  readonly watchesPlatform: boolean;
}

/** An ungated metric of a ring that moved sharply vs the baseline. */
export interface AnomalyReading {
  readonly ring: string;
  readonly metric: string;
  /** Ring vs baseline in words, for the journal and the timeline. */
  readonly detail: string;
}

/**
 * The monitor used when none is wired: every named gate is inconclusive, so a ring with
 * gates can never be promoted on missing telemetry without an operator's override.
 */
export const noTelemetryMonitor: GateMonitor = {
  evaluate: async ({ ring, gates }) =>
    gates.map((gate) => ({
      gate,
      ring,
      outcome: 'inconclusive' as const,
      evidence: { reason: 'no telemetry source wired' },
    })),
  close: async () => {},
  drainAnomalies: () => [],
  watchesPlatform: false,
};
