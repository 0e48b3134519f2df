import { parseDuration } from '../duration';
import type { MetricGateDoc } from '../plan/schema-telemetry';
import { SEQUENTIAL_DEFAULTS, type GateSpec } from './gate-spec';

/** Samples required when the plan does not say (requests, or points without sample sizes). */
export const DEFAULT_MIN_SAMPLES = 100;

/** A gate document that could not be resolved (only a bad duration can get past the schema). */
export type GateSpecResult =
  { readonly ok: true; readonly spec: GateSpec } | { readonly ok: false; readonly message: string };

/**
 * Resolves a validated plan gate (core/plan `GateDoc`) into the evaluator's `GateSpec`:
 * durations to milliseconds, defaults filled in (alpha 0.01, delta 0.1, minSamples 100,
 * platform false).
 */
export function gateSpecFromDoc(doc: MetricGateDoc): GateSpecResult {
  const common = {
    name: doc.name,
    metric: doc.metric,
    minSamples: doc.minSamples ?? DEFAULT_MIN_SAMPLES,
    platform: doc.platform ?? false,
  };
  const windowMs = (w: string): number | undefined => parseDuration(w);
  switch (doc.kind) {
    case 'threshold': {
      const ms = windowMs(doc.window);
      return ms === undefined || ms <= 0
        ? {
            ok: false,
            message: `gate ${doc.name}: window '${String(doc.window)}' must be a positive duration`,
          }
        : {
            ok: true,
            spec: { ...common, kind: 'threshold', op: doc.op, limit: doc.limit, windowMs: ms },
          };
    }
    case 'baseline': {
      const ms = windowMs(doc.window);
      return ms === undefined || ms <= 0
        ? {
            ok: false,
            message: `gate ${doc.name}: window '${String(doc.window)}' must be a positive duration`,
          }
        : {
            ok: true,
            spec: {
              ...common,
              kind: 'baseline',
              mode: doc.mode,
              tolerance: doc.tolerance,
              windowMs: ms,
            },
          };
    }
    case 'sequential':
      return {
        ok: true,
        spec: {
          ...common,
          kind: 'sequential',
          test: doc.test,
          alpha: doc.alpha ?? SEQUENTIAL_DEFAULTS.alpha,
          delta: doc.delta ?? SEQUENTIAL_DEFAULTS.delta,
        },
      };
    default: {
      const never: never = doc;
      return { ok: false, message: `unknown gate kind in ${JSON.stringify(never)}` };
    }
  }
}
