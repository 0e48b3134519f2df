/**
 * The projection from the rollout core's state to the console's view model. Pure: time,
 * output buffers and the previous snapshot are arguments, so the same inputs always give the
 * same snapshot and a unit test compares one object.
 */
import {
  emptyHostCounts,
  type ActionView,
  type ConnectionsView,
  type ConsoleSnapshot,
  type HaltSummary,
  type HostView,
  type RingView,
  type TimelineEntry,
  type WorkspaceView,
} from '../contract';
import type { RolloutPlan } from '../model/plan';
import type { PlanDocument } from '../plan';
import {
  approvalsMissing,
  eta,
  isTerminal,
  needsApprovals,
  operatorActions,
  promotionOverrideReasons,
  passphraseWaitWords,
  rolloutReachedHost,
  type RolloutEvent,
  type RunningVersions,
  type RolloutState,
} from '../rollout';
import {
  viewDomainStatus,
  viewGates,
  viewPlatformGates,
  viewHostState,
  viewMetrics,
  viewRingStatus,
  viewRolloutStatus,
} from './project-view-parts';
import { PAST_ROLLOUT_WHY, approvalsWaitingWords } from '../words';

/** Everything the projection reads. */
export interface ProjectionInput {
  readonly now: number;
  readonly revision: number;
  readonly workspace: WorkspaceView | null;
  /** The plan of the current rollout, or the workspace's plan before any rollout. */
  readonly plan: RolloutPlan | null;
  readonly document: PlanDocument | null;
  /** The current rollout's state; null before the first start. */
  readonly state: RolloutState | null;
  /** Halt events of the current rollout (RingHalted, HaltSummaryWritten), oldest first. */
  readonly haltEvents: readonly RolloutEvent[];
  readonly timeline: readonly TimelineEntry[];
  /** Last output lines per host; an array is replaced (never mutated) when it changes. */
  readonly output: ReadonlyMap<string, readonly string[]>;
  /** Key type of a host's pending key (e.g. `ssh-ed25519`), when known. */
  readonly keyType: (host: string) => string;
  readonly connections: ConnectionsView;
  /** The previous snapshot: unchanged host views are reused by reference. */
  readonly previous: ConsoleSnapshot | null;
  /**
   * What each host runs after the workspace's journaled rollouts: a host the shown rollout
   * has not reached runs this, not "pending" (absent: the rollout's own word).
   */
  readonly running?: RunningVersions;
  /** The shown rollout's journal id, and whether it is a past one opened read-only. */
  readonly shown?: { readonly id: string; readonly readOnly: boolean };
}

const NO_OUTPUT: readonly string[] = Object.freeze([]);

/** A ring's approvals for the console's ring card, null when it needs no more than one. */
function viewApprovals(state: RolloutState, ri: number, now: number): RingView['approvals'] {
  const ring = state.rings[ri];
  if (!ring || !needsApprovals(ring)) {
    return null;
  }
  const waitsNow =
    ri === state.currentRing &&
    ['baking', 'waiting-promotion', 'halted'].includes(state.status) &&
    ring.status !== 'promoted';
  const overriding = waitsNow && promotionOverrideReasons(state, ring, now).length > 0;
  return {
    needed: ring.approvalsNeeded,
    by: ring.approvals.map((a) => ({ by: a.by, at: a.at, override: a.override })),
    waiting: waitsNow ? approvalsWaitingWords(approvalsMissing(ring, overriding)) : null,
  };
}

/** Who promoted `ring`, from its journaled promotion. */
function promotedBy(timeline: readonly TimelineEntry[], ring: string): string {
  return timeline.findLast((e) => e.kind === 'Promoted' && e.ring === ring)?.by ?? 'an operator';
}

/** Ring statuses an abort leaves unfinished (shown as stopped). */
const UNFINISHED: ReadonlySet<string> = new Set(['deploying', 'baking', 'baked', 'healthy']);

/** Projects the state into a snapshot. */
export function projectSnapshot(i: ProjectionInput): ConsoleSnapshot {
  const { state, plan } = i;
  const hosts = projectHosts(i);
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const rings: RingView[] = (plan?.rings ?? []).map((rp, ri) => {
    const rs = state?.rings[ri];
    const counts = emptyHostCounts();
    for (const d of rp.domains) {
      for (const h of d.hosts) {
        const v = byName.get(h);
        if (v) {
          counts[v.state] += 1;
        }
      }
    }
    // An abort stops the ring where it was: no bake runs on, no countdown, no ETA.
    const stopped = state?.status === 'aborted' && rs !== undefined && UNFINISHED.has(rs.status);
    return {
      name: rp.name,
      // The last ring of a completed rollout is accepted, not waiting: show it as promoted.
      status: !rs
        ? 'pending'
        : stopped
          ? 'stopped'
          : state?.status === 'completed' && (rs.status === 'healthy' || rs.status === 'baked')
            ? 'promoted'
            : viewRingStatus(rs.status),
      counts,
      domains: rp.domains.map((d, di) => ({
        name: d.name,
        status: rs?.domains[di] ? viewDomainStatus(rs.domains[di], rs.status) : 'pending',
        hosts: [...d.hosts],
      })),
      bake:
        // Only a ring that is baking has a countdown; a halted one's bake never ends.
        !stopped && rs?.status === 'baking' && rs.bakeStartedAt !== null && rs.bakeEndsAt !== null
          ? { startedAt: rs.bakeStartedAt, endsAt: rs.bakeEndsAt }
          : null,
      gates: rs
        ? [
            ...viewGates(rs, rp.gates, i.document),
            ...(state && state.currentRing === ri ? viewPlatformGates(state, i.document) : []),
          ]
        : [],
      eta: !stopped && rs?.status === 'baking' && rs.bakeEndsAt !== null ? rs.bakeEndsAt : null,
      override: rs?.override
        ? { by: promotedBy(i.timeline, rs.name), reason: rs.override.reason }
        : null,
      approvals: rs && state ? viewApprovals(state, ri, i.now) : null,
    };
  });
  const active = state && state.currentRing >= 0 ? state.rings[state.currentRing] : undefined;
  return {
    revision: i.revision,
    generatedAt: i.now,
    workspace: i.workspace,
    rollout: {
      status: state ? viewRolloutStatus(state.status) : 'notStarted',
      activeRing: active?.name ?? null,
      startedAt: state?.startedAt ?? null,
      eta: state ? (eta(state, i.now)?.finishAt ?? null) : null,
    },
    rings,
    hosts,
    halt: haltSummary(i.haltEvents),
    timeline: [...i.timeline],
    actions: i.shown?.readOnly
      ? projectActions(null, i.now, false).map((a) => ({ ...a, why: PAST_ROLLOUT_WHY }))
      : projectActions(state, i.now, i.workspace !== null),
    pendingHostKeys: state
      ? Object.values(state.hosts).flatMap((h) =>
          h.status === 'needs-approval' && h.fingerprint !== null
            ? [{ host: h.name, fingerprint: h.fingerprint, keyType: i.keyType(h.name) }]
            : [],
        )
      : [],
    metrics: viewMetrics(i.document),
    connections: i.connections,
    ...(i.shown ? { shown: { ...i.shown } } : {}),
  };
}

function projectHosts(i: ProjectionInput): HostView[] {
  const plan = i.plan;
  if (!plan) {
    return [];
  }
  const place = new Map<string, { ring: string; domain: string }>();
  for (const r of plan.rings) {
    for (const d of r.domains) {
      for (const h of d.hosts) {
        place.set(h, { ring: r.name, domain: d.name });
      }
    }
  }
  const planHosts = new Map(plan.hosts.map((h) => [h.name, h]));
  const old = new Map((i.previous?.hosts ?? []).map((h) => [h.name, h]));
  const out: HostView[] = [];
  for (const ring of plan.rings) {
    for (const domain of ring.domains) {
      for (const name of domain.hosts) {
        const host = planHosts.get(name);
        const s = i.state?.hosts[name];
        const next: HostView = {
          name,
          ring: place.get(name)?.ring ?? ring.name,
          domain: domain.name,
          state: s ? viewHostState(s.status) : 'pending',
          version:
            s && rolloutReachedHost(s) ? s.version : (i.running?.get(name) ?? s?.version ?? null),
          labels: host?.labels ?? {},
          lastOutput: (i.output.get(name) ?? NO_OUTPUT) as string[],
          waitingFor:
            s?.status === 'needs-passphrase'
              ? passphraseWaitWords(s.passphraseKey)
              : s?.status === 'needs-approval'
                ? `waiting for approval of host key ${s.fingerprint ?? '?'}`
                : null,
        };
        const prev = old.get(name);
        out.push(prev && sameHost(prev, next) ? prev : next);
      }
    }
  }
  return out;
}

/** Field by field, arrays and label objects by reference (they are never mutated). */
function sameHost(a: HostView, b: HostView): boolean {
  return (
    a.name === b.name &&
    a.ring === b.ring &&
    a.domain === b.domain &&
    a.state === b.state &&
    a.version === b.version &&
    a.labels === b.labels &&
    a.lastOutput === b.lastOutput &&
    a.waitingFor === b.waitingFor
  );
}

/** The latest halt with its plain-language paragraph (written with the halt or after it). */
export function haltSummary(events: readonly RolloutEvent[]): HaltSummary | null {
  let halt = null as HaltSummary | null;
  for (const e of events) {
    if (e.type === 'RingHalted') {
      halt = {
        ring: e.ring,
        at: e.at,
        gate: e.gate ?? null,
        text: e.summary ?? `Ring ${e.ring} halted: ${e.reason}.`,
      };
    } else if (e.type === 'HaltSummaryWritten' && halt && halt.ring === e.ring) {
      halt = { ...halt, text: e.summary };
    }
  }
  return halt;
}

const START_WHY_RUNNING =
  'a rollout is in progress; finish, roll back or abort it before starting another';

/**
 * The operator buttons. Start is the facade's own (a new rollout once the current one has
 * ended); every other button asks the core, so its reason is decide's refusal.
 */
export function projectActions(
  state: RolloutState | null,
  now: number,
  hasWorkspace: boolean,
): ActionView[] {
  const canStart = hasWorkspace && (state === null || isTerminal(state.status));
  const start: ActionView = {
    id: 'start',
    enabled: canStart,
    why: canStart ? null : hasWorkspace ? START_WHY_RUNNING : 'open a workspace first',
    requiresOverride: false,
  };
  if (state === null) {
    const why = hasWorkspace ? 'no rollout has been started' : 'open a workspace first';
    return [
      start,
      ...(
        ['pause', 'resume', 'promote', 'abort', 'halt', 'rollbackRing', 'rollbackAll'] as const
      ).map((id) => ({ id, enabled: false, why, requiresOverride: false })),
      { id: 'emergencyRollback', enabled: false, why, requiresOverride: false },
    ];
  }
  return [
    start,
    ...operatorActions(state, now)
      .filter((a) => a.id !== 'start')
      .map((a) => ({ ...a })),
  ];
}
