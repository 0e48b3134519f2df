/**
 * Gathers what the halt summary says from the rollout state and the series: domains and
 * hosts on the new version, when the degradation first showed, log signatures.
 */
import type { GateEvaluation, GateSpec } from '../../core/gates/gate-spec';
import { writeHaltSummary, type SummarySignature } from '../../core/halt-summary';
import type { RolloutState } from '../../core/rollout';
import type { SeriesStore } from '../series/series-store';
import { baselineScope } from './scopes';
import type { ResolvedMetric } from '../../core/telemetry/telemetry-plan';

/** Inputs of {@link haltSummaryFor}. */
export interface HaltContext {
  readonly state: RolloutState;
  readonly ring: string;
  readonly spec: GateSpec;
  readonly metric: ResolvedMetric | undefined;
  readonly evaluation: GateEvaluation;
  readonly series: SeriesStore;
  readonly firstNewVersionAt: number | null;
  readonly signatures?: readonly SummarySignature[];
  readonly traceIds?: readonly string[];
  /** Sequential latency test: the fixed slow-request bound (s). */
  readonly latencyBound?: number;
}

/** The paragraph for a failed ring gate. */
export function haltSummaryFor(c: HaltContext): string {
  const ri = c.state.rings.findIndex((r) => r.name === c.ring);
  const ring = c.state.rings[ri];
  const version = c.state.plan?.release.version ?? '?';
  const previous = c.state.plan?.release.previous ?? '?';
  const planRing = c.state.plan?.rings[ri];
  const domains = (ring?.domains ?? []).map((d, di) => ({
    name: d.name,
    startedAt: d.startedAt,
    hostsOnNewVersion: (planRing?.domains[di]?.hosts ?? []).filter((h) => {
      const hs = c.state.hosts[h];
      return hs !== undefined && hs.status === 'done' && hs.version === version;
    }),
  }));
  const ev = c.evaluation.evidence;
  return writeHaltSummary({
    ring: c.ring,
    release: { version, previous },
    gate: c.spec.name,
    gateKind: c.spec.kind,
    metric: c.spec.metric,
    reason: ev.reason,
    ringSide: { value: ev.ringValue, samples: ev.ringSamples },
    ...(c.spec.kind === 'threshold'
      ? {}
      : { baselineSide: { value: ev.baselineValue, samples: ev.baselineSamples } }),
    failedAt: c.evaluation.atMs,
    firstNewVersionAt: c.firstNewVersionAt,
    onsetAt: onset(c),
    domains,
    ...(c.signatures !== undefined ? { signatures: c.signatures } : {}),
    ...(c.traceIds !== undefined ? { traceIds: c.traceIds } : {}),
    ...(c.spec.kind === 'sequential' && c.spec.test === 'latency'
      ? {
          measure: `share of requests slower than ${c.latencyBound === undefined ? "the baseline's bound" : `${c.latencyBound * 1000} ms`}`,
        }
      : {}),
    // Sequential tests judge shares (errors or slow requests per request).
    valueUnit:
      c.spec.kind === 'sequential' || c.metric?.kind === 'ratio'
        ? 'ratio'
        : c.metric?.kind === 'quantile'
          ? 'seconds'
          : 'plain',
  });
}

/**
 * The first ring point since the new version arrived that sat more than 10% above the
 * baseline's mean over the same span (or above the threshold's limit): when it began.
 */
function onset(c: HaltContext): number | null {
  const from = c.firstNewVersionAt;
  if (from === null) {
    return null;
  }
  const to = c.evaluation.atMs;
  const ring = c.series.window(c.spec.metric, c.ring, from, to);
  let bar: number | null = null;
  if (c.spec.kind === 'threshold') {
    bar = c.spec.op === '<' || c.spec.op === '<=' ? c.spec.limit : null;
  } else {
    const base = c.series.window(c.spec.metric, baselineScope(c.ring), from, to);
    const n = base.reduce((s, p) => s + (p.n ?? 1), 0);
    bar = n > 0 ? (1.1 * base.reduce((s, p) => s + p.v * (p.n ?? 1), 0)) / n : null;
  }
  if (bar === null) {
    return null;
  }
  const limit = bar;
  return ring.find((p) => Number.isFinite(p.v) && p.v > limit)?.t ?? null;
}
