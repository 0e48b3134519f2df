/**
 * Small pure mappings from the rollout core's vocabulary to the console view model's: gate
 * evidence, metric views (statuses live in core/words). Kept apart from project-snapshot.ts so each
 * switch stays short and exhaustive.
 */
import type { GateEvidence as ViewGateEvidence, GateView, MetricView } from '../contract';
import type { PlanDocument } from '../plan';
import type { GateState, JsonValue, RingState, RolloutState } from '../rollout';
import { gateComparison, metricUnit, type GateWordsSpec } from '../words';

export {
  viewDomainStatus,
  viewHostState,
  viewRingStatus,
  viewRolloutStatus,
} from '../words/status-views';

function formatValue(v: JsonValue): string {
  if (typeof v === 'number') {
    return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4)));
  }
  if (typeof v === 'string') {
    return v;
  }
  return JSON.stringify(v);
}

const SUMMARY_KEYS = ['summary', 'reason', 'message'] as const;
/** Evidence fields the comparison already shows formatted, or that are bookkeeping. */
const SHOWN_ELSEWHERE = new Set([
  'kind',
  'atMs',
  'ringValue',
  'baselineValue',
  'ringSamples',
  'baselineSamples',
  'statistic',
  'threshold',
]);

/** What the plan says about a gate, for the words of its evidence. */
export function gateWordsSpec(name: string, doc: PlanDocument | null): GateWordsSpec {
  const gate = doc?.gates?.find((x) => x.name === name);
  const metric = gate !== undefined && 'metric' in gate ? gate.metric : null;
  const metricKind = doc?.telemetry?.metrics?.find((m) => m.name === metric)?.kind;
  return {
    kind: gate?.kind ?? 'threshold',
    metric,
    unit: metricUnit(metricKind),
    alpha: gate?.kind === 'sequential' ? (gate.alpha ?? null) : null,
  };
}

/** Gate evidence (free JSON from the monitor) as a summary, a comparison and other figures. */
export function viewGateEvidence(g: GateState | undefined, spec: GateWordsSpec): ViewGateEvidence {
  if (!g) {
    return { summary: 'not evaluated yet', comparison: null, figures: [], evaluatedAt: null };
  }
  const ev = g.evidence;
  const key = SUMMARY_KEYS.find((k) => typeof ev[k] === 'string');
  const summary = key ? String(ev[key]) : `${g.outcome}${g.final ? ' (final)' : ''}`;
  const figures = Object.entries(ev)
    .filter(([k, v]) => k !== key && v !== null && !SHOWN_ELSEWHERE.has(k))
    .slice(0, 12)
    .map(([label, value]) => ({
      label: label.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
      value: formatValue(value),
    }));
  return { summary, comparison: gateComparison(ev, spec), figures, evaluatedAt: g.at };
}

/** A ring's gates in plan order, with their kind from the plan document. */
export function viewGates(
  ring: RingState,
  planGates: readonly string[],
  doc: PlanDocument | null,
): GateView[] {
  const names = planGates.length > 0 ? planGates : Object.keys(ring.gates);
  return names.map((name) => {
    const g = ring.gates[name];
    return {
      name,
      kind: doc?.gates?.find((x) => x.name === name)?.kind ?? 'threshold',
      platform: false,
      outcome: g?.outcome ?? 'pending',
      evidence: viewGateEvidence(g, gateWordsSpec(name, doc)),
    };
  });
}

/**
 * The rollout's platform gates (listed in the plan, or read so far for older journals), for
 * the active ring's card: every one must pass before that ring can be promoted.
 */
export function viewPlatformGates(state: RolloutState, doc: PlanDocument | null): GateView[] {
  // The state holds every platform gate (the plan's list is pending from RolloutCreated).
  return Object.entries(state.platformGates).map(([name, g]) => ({
    name,
    kind: doc?.gates?.find((x) => x.name === name)?.kind ?? 'threshold',
    platform: true,
    outcome: g.outcome,
    evidence: viewGateEvidence(g, gateWordsSpec(name, doc)),
  }));
}

/** The metrics the charts draw, with threshold gates as reference lines. */
export function viewMetrics(doc: PlanDocument | null): MetricView[] {
  const metrics = doc?.telemetry?.metrics ?? [];
  return metrics.map((m) => ({
    name: m.name,
    unit: metricUnit(m.kind),
    thresholds: (doc?.gates ?? []).flatMap((g) =>
      g.kind === 'threshold' && g.metric === m.name ? [{ gate: g.name, value: g.limit }] : [],
    ),
  }));
}
