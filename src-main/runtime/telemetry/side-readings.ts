/**
 * The monitor's side readings: platform gates (infrastructure every ring shares, journaled
 * with ring null; the core pauses the rollout when one fails) and AnomalyDetected findings
 * for metrics no gate of the ring watches (once per ring and metric).
 */
import { detectAnomalies } from '../../core/gates/anomaly';
import { evaluateGate } from '../../core/gates/evaluate';
import type { GateSpec } from '../../core/gates/gate-spec';
import { toGateReading } from '../../core/gates/to-reading';
import type { GateReading } from '../gate-monitor';
import type { SeriesStore } from '../series/series-store';
import type { Collector } from './collector';
import { pendingEval } from './gate-phases';
import { PLATFORM_SCOPE, baselineScope } from './scopes';
import type { TelemetryPlan } from '../../core/telemetry/telemetry-plan';

/** What the side readings read. */
export interface SideContext {
  readonly tp: TelemetryPlan;
  readonly series: SeriesStore;
  readonly collector: Collector;
}

const ANOMALY_WINDOW_MS = 30_000;

/** A platform gate's reading (ring null). */
export function platformReading(ctx: SideContext, spec: GateSpec, now: number): GateReading {
  const { tp, series, collector } = ctx;
  const intervalMs = collector.intervalOf(spec.metric);
  const e =
    spec.kind === 'sequential'
      ? pendingEval(spec, now, 'a platform gate has no baseline to test against', 'inconclusive')
      : evaluateGate(
          spec,
          {
            kind: 'window',
            ring: series.window(spec.metric, PLATFORM_SCOPE, now - spec.windowMs, now),
            intervalMs,
          },
          now,
        );
  series.recordEvidence(PLATFORM_SCOPE, e);
  const base = toGateReading(e, null);
  const source = tp.metrics.get(spec.metric)?.source ?? '?';
  const why = e.outcome === 'inconclusive' ? collector.problems(source) : [];
  const reason =
    why.length > 0 ? `${e.evidence.reason}; ${source}: ${why.join('; ')}` : e.evidence.reason;
  return {
    ...base,
    ring: null,
    evidence: { ...base.evidence, metric: spec.metric, source, reason },
  };
}

/** An anomaly found in a ring. */
export interface Anomaly {
  readonly ring: string;
  readonly metric: string;
  readonly detail: string;
  readonly atMs: number;
}

/**
 * Ungated metrics of `ring` that moved sharply vs its baseline, not reported before
 * (`reported` holds `ring:metric` keys and is updated).
 */
export function findAnomalies(
  ctx: SideContext,
  ring: string,
  specs: readonly GateSpec[],
  reported: Set<string>,
  now: number,
): Anomaly[] {
  const { tp, series, collector } = ctx;
  const out: Anomaly[] = [];
  const watched = new Set(specs.map((s) => s.metric));
  const candidates = [...tp.metrics.keys()]
    .filter((m) => !watched.has(m) && !reported.has(`${ring}:${m}`))
    .map((m) => ({
      metric: m,
      ring: series.window(m, ring, now - ANOMALY_WINDOW_MS, now),
      baseline: series.window(m, baselineScope(ring), now - ANOMALY_WINDOW_MS, now),
    }));
  for (const c of candidates) {
    const [f] = detectAnomalies([c], watched, {
      nowMs: now,
      windowMs: ANOMALY_WINDOW_MS,
      intervalMs: collector.intervalOf(c.metric),
    });
    if (f === undefined) {
      continue;
    }
    reported.add(`${ring}:${f.metric}`); // rate limit: once per ring and metric
    const detail = `${f.metric} in ring ${ring} is ${f.ratio.toPrecision(3)}x the baseline (${f.ringValue.toPrecision(3)} over ${f.ringSamples} samples vs ${f.baselineValue.toPrecision(3)} over ${f.baselineSamples}); no gate of the ring watches it`;
    out.push({ ring, metric: f.metric, detail, atMs: now });
  }
  return out;
}
