import { eValue, isRejected } from '../stats/sequential';
import type {
  BaselineGate,
  GateEvidence,
  GateObservation,
  GateEvaluation,
  GateSpec,
  GateVerdict,
  SequentialGate,
  ThresholdGate,
} from './gate-spec';
import { isStale, summarizeWindow } from './window-stats';

type Verdict = { readonly outcome: GateVerdict; readonly evidence: GateEvidence };

/**
 * Evaluates one gate at `nowMs`. Fails closed: no data, stale data (newest sample older
 * than two intervals), too few samples or an observation of the wrong shape give
 * `inconclusive`, never `pass`. A clear breach with enough samples fails even before the
 * window has filled; otherwise an unfilled window is `pending`.
 */
export function evaluateGate(spec: GateSpec, obs: GateObservation, nowMs: number): GateEvaluation {
  const v = verdictFor(spec, obs, nowMs);
  return {
    gate: spec.name,
    kind: spec.kind,
    platform: spec.platform,
    outcome: v.outcome,
    atMs: nowMs,
    evidence: v.evidence,
  };
}

function verdictFor(spec: GateSpec, obs: GateObservation, nowMs: number): Verdict {
  if (obs.measuringSinceMs !== undefined && nowMs < obs.measuringSinceMs) {
    return {
      outcome: 'pending',
      evidence: empty(`measuring starts in ${obs.measuringSinceMs - nowMs} ms`),
    };
  }
  switch (spec.kind) {
    case 'threshold':
      return obs.kind === 'window' ? threshold(spec, obs, nowMs) : mismatch(spec, obs);
    case 'baseline':
      return obs.kind === 'window' ? baseline(spec, obs, nowMs) : mismatch(spec, obs);
    case 'sequential':
      return obs.kind === 'sequential' ? sequential(spec, obs, nowMs) : mismatch(spec, obs);
    default: {
      const never: never = spec;
      return {
        outcome: 'inconclusive',
        evidence: empty(`unknown gate kind ${JSON.stringify(never)}`),
      };
    }
  }
}

function empty(reason: string): GateEvidence {
  return { ringValue: null, baselineValue: null, ringSamples: 0, baselineSamples: 0, reason };
}

function mismatch(spec: GateSpec, obs: GateObservation): Verdict {
  return {
    outcome: 'inconclusive',
    evidence: empty(
      `gate ${spec.name} (${spec.kind}) was fed a ${obs.kind} observation; expected ${spec.kind === 'sequential' ? 'sequential' : 'window'}`,
    ),
  };
}

function windowFilled(
  obs: { measuringSinceMs?: number },
  nowMs: number,
  windowMs: number,
): boolean {
  return obs.measuringSinceMs === undefined || nowMs - obs.measuringSinceMs >= windowMs;
}

function holds(value: number, op: ThresholdGate['op'], limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function threshold(
  spec: ThresholdGate,
  obs: Extract<GateObservation, { kind: 'window' }>,
  nowMs: number,
): Verdict {
  const ring = summarizeWindow(obs.ring, nowMs, spec.windowMs);
  const base = {
    ringValue: ring.value,
    baselineValue: null,
    ringSamples: ring.samples,
    baselineSamples: 0,
    threshold: spec.limit,
  };
  if (ring.value === null || isStale(ring.newestMs, nowMs, obs.intervalMs)) {
    return {
      outcome: 'inconclusive',
      evidence: { ...base, reason: staleReason(spec.metric, 'ring', ring.newestMs, nowMs) },
    };
  }
  if (ring.samples < spec.minSamples) {
    return {
      outcome: 'inconclusive',
      evidence: {
        ...base,
        reason: `${spec.metric}: ${ring.samples} samples < ${spec.minSamples} required`,
      },
    };
  }
  const ok = holds(ring.value, spec.op, spec.limit);
  const text = `${spec.metric} = ${fmt(ring.value)} over ${ring.samples} samples; healthy while ${spec.op} ${fmt(spec.limit)}`;
  if (!ok) {
    return { outcome: 'fail', evidence: { ...base, statistic: ring.value, reason: text } };
  }
  return {
    outcome: windowFilled(obs, nowMs, spec.windowMs) ? 'pass' : 'pending',
    evidence: { ...base, statistic: ring.value, reason: text },
  };
}

function baseline(
  spec: BaselineGate,
  obs: Extract<GateObservation, { kind: 'window' }>,
  nowMs: number,
): Verdict {
  const ring = summarizeWindow(obs.ring, nowMs, spec.windowMs);
  const bl = summarizeWindow(obs.baseline ?? [], nowMs, spec.windowMs);
  const base = {
    ringValue: ring.value,
    baselineValue: bl.value,
    ringSamples: ring.samples,
    baselineSamples: bl.samples,
  };
  if (ring.value === null || isStale(ring.newestMs, nowMs, obs.intervalMs)) {
    return {
      outcome: 'inconclusive',
      evidence: { ...base, reason: staleReason(spec.metric, 'ring', ring.newestMs, nowMs) },
    };
  }
  if (bl.value === null || isStale(bl.newestMs, nowMs, obs.intervalMs)) {
    return {
      outcome: 'inconclusive',
      evidence: { ...base, reason: staleReason(spec.metric, 'baseline', bl.newestMs, nowMs) },
    };
  }
  if (ring.samples < spec.minSamples || bl.samples < spec.minSamples) {
    return {
      outcome: 'inconclusive',
      evidence: {
        ...base,
        reason: `${spec.metric}: ring ${ring.samples} / baseline ${bl.samples} samples, ${spec.minSamples} required on each`,
      },
    };
  }
  let statistic: number;
  let bound: number;
  if (spec.mode === 'ratio') {
    // A zero baseline makes any ring value infinitely worse; both zero is equal.
    statistic =
      bl.value === 0 ? (ring.value > 0 ? Number.POSITIVE_INFINITY : 1) : ring.value / bl.value;
    bound = 1 + spec.tolerance;
  } else {
    statistic = ring.value - bl.value;
    bound = spec.tolerance;
  }
  const failed = statistic > bound;
  const reason = `${spec.metric}: ring ${fmt(ring.value)} (${ring.samples}) vs baseline ${fmt(bl.value)} (${bl.samples}); ${spec.mode} ${fmt(statistic)} ${failed ? '>' : '<='} ${fmt(bound)}`;
  const outcome: GateVerdict = failed
    ? 'fail'
    : windowFilled(obs, nowMs, spec.windowMs)
      ? 'pass'
      : 'pending';
  return { outcome, evidence: { ...base, statistic, threshold: bound, reason } };
}

function sequential(
  spec: SequentialGate,
  obs: Extract<GateObservation, { kind: 'sequential' }>,
  nowMs: number,
): Verdict {
  const s = obs.state;
  const e = eValue(s);
  const evidence = {
    ringValue: s.ringExposure > 0 ? s.ringEvents / s.ringExposure : null,
    baselineValue: s.baselineExposure > 0 ? s.baselineEvents / s.baselineExposure : null,
    ringSamples: s.ringExposure,
    baselineSamples: s.baselineExposure,
    statistic: e,
    threshold: 1 / s.alpha,
  };
  const what = spec.test === 'counts' ? 'events' : 'slow requests';
  const rates = `ring ${s.ringEvents}/${s.ringExposure} vs baseline ${s.baselineEvents}/${s.baselineExposure} ${what}`;
  // A rejection stands even if data later goes stale: it was valid when made.
  if (isRejected(s)) {
    return {
      outcome: 'fail',
      evidence: {
        ...evidence,
        reason: `${spec.metric}: ${rates}; e-value ${fmt(e)} reached 1/alpha = ${fmt(1 / s.alpha)} at interval ${s.rejectedAtInterval}`,
      },
    };
  }
  if (isStale(obs.newestMs, nowMs, obs.intervalMs)) {
    return {
      outcome: 'inconclusive',
      evidence: {
        ...evidence,
        reason: staleReason(spec.metric, 'ring/baseline', obs.newestMs ?? null, nowMs),
      },
    };
  }
  if (s.ringExposure < spec.minSamples || s.baselineExposure < spec.minSamples) {
    return {
      outcome: 'inconclusive',
      evidence: {
        ...evidence,
        reason: `${spec.metric}: ${rates}; ${spec.minSamples} samples required on each side`,
      },
    };
  }
  return {
    outcome: 'pass',
    evidence: {
      ...evidence,
      reason: `${spec.metric}: ${rates}; e-value ${fmt(e)} < ${fmt(1 / s.alpha)}, no evidence of a regression beyond ${fmt(spec.delta * 100)}%`,
    },
  };
}

function staleReason(metric: string, side: string, newestMs: number | null, nowMs: number): string {
  return newestMs === null
    ? `${metric}: no ${side} data`
    : `${metric}: ${side} data is stale (newest sample ${nowMs - newestMs} ms old)`;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) {
    return String(x);
  }
  return Math.abs(x) >= 1000 || x === Math.round(x)
    ? String(Math.round(x * 1000) / 1000)
    : x.toPrecision(4);
}
