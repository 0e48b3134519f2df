import type { SequentialState } from '../stats/sequential';

/**
 * A gate as the evaluator needs it: the plan's `GateDoc` (core/plan/schema-telemetry) with
 * durations resolved to milliseconds and defaults filled in.
 */
export type GateSpec = ThresholdGate | BaselineGate | SequentialGate;

/** Fields every gate has. */
export interface GateCommon {
  readonly name: string;
  /** Name of the metric (core/plan `metrics[].name`) the gate reads. */
  readonly metric: string;
  /** Fewer samples (requests, or points when no sample size is known) than this -> inconclusive. */
  readonly minSamples: number;
  /** Watches infrastructure shared by every ring; a failure pauses the rollout whatever ring is active. */
  readonly platform: boolean;
}

/** Healthy while `value op limit` holds over the window, e.g. error_rate < 0.01. */
export interface ThresholdGate extends GateCommon {
  readonly kind: 'threshold';
  readonly op: '<' | '<=' | '>' | '>=';
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Ring vs baseline over the window; higher is worse. `ratio`: fail when ring > baseline ×
 * (1 + tolerance); `difference`: fail when ring - baseline > tolerance.
 */
export interface BaselineGate extends GateCommon {
  readonly kind: 'baseline';
  readonly mode: 'ratio' | 'difference';
  readonly tolerance: number;
  readonly windowMs: number;
}

/** Anytime-valid test of "ring worse than baseline by more than delta" (core/stats/sequential). */
export interface SequentialGate extends GateCommon {
  readonly kind: 'sequential';
  readonly test: 'counts' | 'latency';
  /** Default 0.01. */
  readonly alpha: number;
  /** Default 0.1. */
  readonly delta: number;
}

/** Defaults the plan may leave out. */
export const SEQUENTIAL_DEFAULTS = { alpha: 0.01, delta: 0.1 } as const;

/** One value of a series at time t (ms); `n` is the sample size behind it (e.g. requests). */
export interface ObservedPoint {
  readonly t: number;
  readonly v: number;
  readonly n?: number;
}

/** What the runtime feeds a gate at one evaluation. */
export type GateObservation =
  | {
      readonly kind: 'window';
      readonly ring: readonly ObservedPoint[];
      /** Required by baseline gates; ignored by threshold gates. */
      readonly baseline?: readonly ObservedPoint[];
      /** The collection interval: data older than two intervals is stale. */
      readonly intervalMs: number;
      /** When measuring began (after any bake wait); before it the gate is pending. */
      readonly measuringSinceMs?: number;
      /**
       * The bake is over: this reading decides. Before it, too little data is still being
       * collected (pending); from it on, too little data is inconclusive.
       */
      readonly final?: boolean;
    }
  | {
      readonly kind: 'sequential';
      readonly state: SequentialState;
      /** Time of the newest interval folded into `state`. */
      readonly newestMs?: number;
      readonly intervalMs: number;
      readonly measuringSinceMs?: number;
      /**
       * The bake is over. An anytime-valid test can only say "no regression detected yet"
       * while data is still coming: it passes at the bake's end, never before.
       */
      readonly final?: boolean;
    };

/** The verdict of one evaluation. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive' | 'pending';

/** What the verdict rests on; goes into GateEvaluated events and the halt summary. */
export interface GateEvidence {
  readonly ringValue: number | null;
  readonly baselineValue: number | null;
  readonly ringSamples: number;
  readonly baselineSamples: number;
  /** Ratio, difference or e-value, depending on the gate. */
  readonly statistic?: number;
  /** What the statistic was compared with (limit, tolerance bound, 1/alpha). */
  readonly threshold?: number;
  /** One sentence a person can read. */
  readonly reason: string;
}

/**
 * One evaluation of one gate (`outcome` is the rollout core's GateOutcome; see
 * `toGateReading` for the journaled form).
 */
export interface GateEvaluation {
  readonly gate: string;
  readonly kind: GateSpec['kind'] | 'cloudwatch-alarms';
  readonly platform: boolean;
  readonly outcome: GateVerdict;
  readonly atMs: number;
  readonly evidence: GateEvidence;
  /**
   * Healthy so far: a pass, or a pending reading that has all the data it needs and shows no
   * problem (a sequential gate before the bake's end). Bake phases count it as healthy.
   */
  readonly onTrack: boolean;
}
