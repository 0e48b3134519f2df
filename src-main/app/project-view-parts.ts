/**
 * Small pure mappings from the rollout core's vocabulary to the console view model's:
 * statuses, gate evidence, metric views. Kept apart from project-snapshot.ts so each
 * switch stays short and exhaustive.
 */
import type {
  DomainStatus as ViewDomainStatus,
  GateEvidence as ViewGateEvidence,
  GateView,
  HostState as ViewHostState,
  MetricView,
  RingStatus as ViewRingStatus,
  RolloutStatus as ViewRolloutStatus,
} from '../core/contract';
import type { PlanDocument } from '../core/plan';
import type {
  DomainState,
  GateState,
  HostStatus,
  JsonValue,
  RingState,
  RolloutState,
  RolloutStatus,
} from '../core/rollout';

/** Rollout status as the console names it. */
export function viewRolloutStatus(s: RolloutStatus): ViewRolloutStatus {
  switch (s) {
    case 'new':
    case 'created':
      return 'notStarted';
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'baking':
      return 'baking';
    case 'waiting-promotion':
      return 'waitingPromotion';
    case 'halted':
      return 'halted';
    case 'rolling-back':
      return 'rollingBack';
    case 'rolled-back':
      return 'rolledBack';
    case 'aborted':
      return 'aborted';
    case 'completed':
      return 'done';
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Ring status; a baked ring whose gates are not all passing still waits for promotion. */
export function viewRingStatus(s: RingState['status']): ViewRingStatus {
  switch (s) {
    case 'pending':
      return 'pending';
    case 'deploying':
      return 'deploying';
    case 'baking':
      return 'baking';
    case 'baked':
    case 'healthy':
      return 'waitingPromotion';
    case 'halted':
      return 'halted';
    case 'promoted':
      return 'promoted';
    case 'rolling-back':
      return 'rollingBack';
    case 'rolled-back':
      return 'rolledBack';
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Domain status, coloured by what happened to its ring. */
export function viewDomainStatus(d: DomainState, ring: RingState['status']): ViewDomainStatus {
  if (ring === 'rolled-back' && d.status !== 'pending') {
    return 'rolledBack';
  }
  if (ring === 'halted' && d.status === 'active') {
    return 'halted';
  }
  switch (d.status) {
    case 'pending':
      return 'pending';
    case 'active':
      return 'deploying';
    case 'completed':
      return 'done';
    default: {
      const never: never = d.status;
      return never;
    }
  }
}

/** Host state; a host being rolled back is shown as busy (deploying the previous version). */
export function viewHostState(s: HostStatus): ViewHostState {
  switch (s) {
    case 'pending':
      return 'pending';
    case 'deploying':
    case 'rolling-back':
      return 'deploying';
    case 'done':
      return 'done';
    case 'failed':
    case 'rollback-failed':
      return 'failed';
    case 'in-doubt':
      return 'inDoubt';
    case 'needs-approval':
      return 'needsApproval';
    case 'needs-passphrase':
      return 'needsPassphrase';
    case 'rolled-back':
      return 'rolledBack';
    default: {
      const never: never = s;
      return never;
    }
  }
}

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

/** Gate evidence (free JSON from the monitor) as a summary sentence plus labelled figures. */
export function viewGateEvidence(g: GateState | undefined): ViewGateEvidence {
  if (!g) {
    return { summary: 'not evaluated yet', figures: [], evaluatedAt: null };
  }
  const ev = g.evidence;
  const key = SUMMARY_KEYS.find((k) => typeof ev[k] === 'string');
  const summary = key ? String(ev[key]) : `${g.outcome}${g.final ? ' (final)' : ''}`;
  const figures = Object.entries(ev)
    .filter(([k, v]) => k !== key && v !== null)
    .slice(0, 12)
    .map(([label, value]) => ({ label, value: formatValue(value) }));
  return { summary, figures, evaluatedAt: g.at };
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
      evidence: viewGateEvidence(g),
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
    evidence: viewGateEvidence(g),
  }));
}

/** The metrics the charts draw, with threshold gates as reference lines. */
export function viewMetrics(doc: PlanDocument | null): MetricView[] {
  const metrics = doc?.telemetry?.metrics ?? [];
  return metrics.map((m) => ({
    name: m.name,
    unit:
      m.kind === 'ratio' ? 'ratio' : m.kind === 'quantile' ? 's' : m.kind === 'rate' ? '/s' : '',
    thresholds: (doc?.gates ?? []).flatMap((g) =>
      g.kind === 'threshold' && g.metric === m.name ? [{ gate: g.name, value: g.limit }] : [],
    ),
  }));
}
