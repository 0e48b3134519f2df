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

type Verdict = {
  readonly outcome: GateVerdict;
  readonly evidence: GateEvidence;
  readonly onTrack?: boolean;
};

/**
 * Evaluates one gate at `nowMs`. Fails closed: stale data (newest sample older than two
 * intervals) or an observation of the wrong shape give `inconclusive`, never `pass`. A clear
 * breach with enough samples fails at once. The words mean one thing each:
 * - `pass` only when the gate can pass: a threshold or baseline gate over a full window, a
 *   sequential gate at the bake's end (`final`);
 * - `pending` while evidence is still being collected (window not filled, too few samples
 *   so far, or a sequential test with "no regression detected yet");
 * - `inconclusive` when the gate should have a verdict and cannot (no or too little data
 *   once the window has filled or the bake has ended, or stale data).
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
    onTrack: v.onTrack ?? v.outcome === 'pass',
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
  obs: { measuringSinceMs?: number; final?: boolean },
  nowMs: number,
  windowMs: number,
): boolean {
  return (
    obs.final === true ||
    obs.measuringSinceMs === undefined ||
    nowMs - obs.measuringSinceMs >= windowMs
  );
}

/** Seconds, for reasons a person reads. */
function secs(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Why a window gate is still pending: how much of its window has filled. */
function filling(obs: { measuringSinceMs?: number }, nowMs: number, windowMs: number): string {
  const since = obs.measuringSinceMs ?? nowMs;
  return `window ${secs(windowMs)} not filled after ${secs(Math.max(0, nowMs - since))}`;
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
  const filled = windowFilled(obs, nowMs, spec.windowMs);
  if (ring.value === null || isStale(ring.newestMs, nowMs, obs.intervalMs)) {
    const reason = staleReason(spec.metric, 'ring', ring.newestMs, nowMs);
    return ring.value === null && !filled
      ? {
          outcome: 'pending',
          evidence: { ...base, reason: `${reason} yet; ${filling(obs, nowMs, spec.windowMs)}` },
        }
      : { outcome: 'inconclusive', evidence: { ...base, reason } };
  }
  if (ring.samples < spec.minSamples) {
    const reason = `${spec.metric}: ${ring.samples} samples < ${spec.minSamples} required`;
    return filled
      ? { outcome: 'inconclusive', evidence: { ...base, reason } }
      : {
          outcome: 'pending',
          evidence: { ...base, reason: `${reason}; ${filling(obs, nowMs, spec.windowMs)}` },
        };
  }
  const ok = holds(ring.value, spec.op, spec.limit);
  const text = `${spec.metric} = ${fmt(ring.value)} over ${ring.samples} samples; healthy while ${spec.op} ${fmt(spec.limit)}`;
  if (!ok) {
    return { outcome: 'fail', evidence: { ...base, statistic: ring.value, reason: text } };
  }
  return filled
    ? { outcome: 'pass', evidence: { ...base, statistic: ring.value, reason: text } }
    : {
        outcome: 'pending',
        evidence: {
          ...base,
          statistic: ring.value,
          reason: `no breach so far (${text}); ${filling(obs, nowMs, spec.windowMs)}`,
        },
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
  const filled = windowFilled(obs, nowMs, spec.windowMs);
  for (const [side, w] of [
    ['ring', ring],
    ['baseline', bl],
  ] as const) {
    if (w.value === null || isStale(w.newestMs, nowMs, obs.intervalMs)) {
      const reason = staleReason(spec.metric, side, w.newestMs, nowMs);
      return w.value === null && !filled
        ? {
            outcome: 'pending',
            evidence: { ...base, reason: `${reason} yet; ${filling(obs, nowMs, spec.windowMs)}` },
          }
        : { outcome: 'inconclusive', evidence: { ...base, reason } };
    }
  }
  if (ring.value === null || bl.value === null) {
    return { outcome: 'inconclusive', evidence: { ...base, reason: `${spec.metric}: no data` } };
  }
  if (ring.samples < spec.minSamples || bl.samples < spec.minSamples) {
    const reason = `${spec.metric}: ring ${ring.samples} / baseline ${bl.samples} samples, ${spec.minSamples} required on each`;
    return filled
      ? { outcome: 'inconclusive', evidence: { ...base, reason } }
      : {
          outcome: 'pending',
          evidence: { ...base, reason: `${reason}; ${filling(obs, nowMs, spec.windowMs)}` },
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
  const text = `${spec.metric}: ring ${fmt(ring.value)} (${ring.samples}) vs baseline ${fmt(bl.value)} (${bl.samples}); ${spec.mode} ${fmt(statistic)} ${failed ? '>' : '<='} ${fmt(bound)}`;
  const outcome: GateVerdict = failed ? 'fail' : filled ? 'pass' : 'pending';
  const reason =
    outcome === 'pending'
      ? `no breach so far (${text}); ${filling(obs, nowMs, spec.windowMs)}`
      : text;
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
  const final = obs.final === true;
  if (s.ringExposure < spec.minSamples || s.baselineExposure < spec.minSamples) {
    const reason = `${spec.metric}: ${rates}; ${spec.minSamples} samples required on each side`;
    return final
      ? { outcome: 'inconclusive', evidence: { ...evidence, reason } }
      : {
          outcome: 'pending',
          evidence: { ...evidence, reason: `collecting evidence: ${reason}` },
        };
  }
  // Anytime-valid: the test can reject at any moment, but "no rejection" only becomes a
  // pass when the bake ends; before that it is what it is, no regression detected yet.
  return final
    ? {
        outcome: 'pass',
        evidence: {
          ...evidence,
          reason: `${spec.metric}: ${rates}; e-value ${fmt(e)} < ${fmt(1 / s.alpha)} at the bake's end, no evidence of a regression beyond ${fmt(spec.delta * 100)}%`,
        },
      }
    : {
        outcome: 'pending',
        onTrack: true,
        evidence: {
          ...evidence,
          reason: `no regression detected yet: ${rates}; e-value ${fmt(e)} < ${fmt(1 / s.alpha)}`,
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
