import type { StepPlan } from '../model/plan';
import { SYSTEM_ACTOR, type RolloutEvent } from './event';
import { evolveWith } from './evolve';
import type { HostState, RingState, RolloutState } from './state';
import { copying, type Writer } from './writer';

/**
 * Events decided in one go. Each emitted event is applied at once, so the rules that follow
 * see its effect (a failure that blows the budget, then the halt, then the rollback).
 */
export class Batch {
  readonly events: RolloutEvent[] = [];
  constructor(
    public state: RolloutState,
    readonly now: number,
    private readonly writer: Writer = copying,
  ) {}
  emit(event: RolloutEvent): void {
    this.events.push(event);
    this.state = evolveWith(this.writer, this.state, event);
  }
}

/** Hosts of one update domain, in plan order. */
export function domainHosts(s: RolloutState, ri: number, di: number): HostState[] {
  const names = s.plan?.rings[ri]?.domains[di]?.hosts ?? [];
  const out: HostState[] = [];
  for (const n of names) {
    const h = s.hosts[n];
    if (h) {
      out.push(h);
    }
  }
  return out;
}

/** A host that holds a slot of its domain's deploy concurrency. */
export function holdsDeploySlot(h: HostState): boolean {
  return (
    h.status === 'deploying' ||
    h.status === 'in-doubt' ||
    h.status === 'needs-approval' ||
    h.status === 'needs-passphrase'
  );
}

/**
 * A host that holds a slot of its domain's rollback concurrency: rolling back, or in doubt
 * about a rollback step (it may still be running on the host).
 */
export function holdsRollbackSlot(h: HostState): boolean {
  return (
    h.status === 'rolling-back' || (h.status === 'in-doubt' && h.inDoubt?.phase === 'rollback')
  );
}

/** The first deploy step the host has not completed, or undefined when it has all. */
export function nextDeployStep(s: RolloutState, h: HostState): StepPlan | undefined {
  return s.plan?.deploy.steps.find((st) => !h.completedSteps.includes(st.name));
}

/** The first rollback step the host has not completed. */
export function nextRollbackStep(s: RolloutState, h: HostState): StepPlan | undefined {
  return s.plan?.deploy.rollback.find((st) => !h.rolledBackSteps.includes(st.name));
}

/** Gates of a ring that are not passing, as `name (outcome)`; empty when all pass. */
export function gatesNotPassing(ring: RingState): string[] {
  return Object.entries(ring.gates)
    .filter(([, g]) => g.outcome !== 'pass')
    .map(([name, g]) => `${name} (${g.outcome})`);
}

/**
 * Platform gates (infrastructure every ring shares) that are not passing, as `name (outcome)`.
 * They block promotion like ring gates: a platform gate that is inconclusive or pending says
 * nothing about the shared infrastructure being healthy, so it must not let a ring through.
 */
export function platformGatesNotPassing(s: RolloutState): string[] {
  return Object.entries(s.platformGates)
    .filter(([, g]) => g.outcome !== 'pass')
    .map(([name, g]) => `${name} (${g.outcome})`);
}

/** A host that rollback has finished with, one way or the other. */
export function rollbackSettled(h: HostState): boolean {
  return h.status === 'rolled-back' || h.status === 'rollback-failed';
}

/** Touched hosts of a ring that a rollback still has to visit. */
export function rollbackPending(s: RolloutState, ri: number): HostState[] {
  const ring = s.plan?.rings[ri];
  if (!ring) {
    return [];
  }
  const out: HostState[] = [];
  for (let di = 0; di < ring.domains.length; di++) {
    for (const h of domainHosts(s, ri, di)) {
      if (h.touched && !rollbackSettled(h)) {
        out.push(h);
      }
    }
  }
  return out;
}

/**
 * The update domain a rollback works on now: rings in rollback order (latest first),
 * domains in reverse. Undefined when every touched host has settled.
 */
export function rollbackCursor(s: RolloutState): { ri: number; di: number } | undefined {
  for (const ri of s.rollback?.rings ?? []) {
    const domains = s.plan?.rings[ri]?.domains.length ?? 0;
    for (let di = domains - 1; di >= 0; di--) {
      if (domainHosts(s, ri, di).some((h) => h.touched && !rollbackSettled(h))) {
        return { ri, di };
      }
    }
  }
  return undefined;
}

/** Halts the ring (and rolls it back when the plan says so). */
export function haltRing(
  b: Batch,
  ri: number,
  reason: string,
  extra: { gate?: string; summary?: string } = {},
): void {
  const plan = b.state.plan;
  const ring = plan?.rings[ri];
  if (!plan || !ring) {
    return;
  }
  b.emit({ type: 'RingHalted', at: b.now, ring: ring.name, reason, ...extra });
  if (ring.rollbackOnHalt && plan.deploy.rollback.length > 0) {
    startRollback(b, [ri], 'ring', false, SYSTEM_ACTOR, `automatic rollback after halt: ${reason}`);
  }
}

/** Starts a rollback of the given rings; completes it at once if nothing needs undoing. */
export function startRollback(
  b: Batch,
  rings: readonly number[],
  scope: 'ring' | 'all',
  emergency: boolean,
  by: string,
  reason: string,
): void {
  const names = rings.map((ri) => b.state.rings[ri]?.name ?? '?');
  b.emit({ type: 'RollbackStarted', at: b.now, scope, rings: names, emergency, by, reason });
  rollbackProgress(b);
}

/** Emits RollbackCompleted once every touched host of the rollback's rings has settled. */
export function rollbackProgress(b: Batch): void {
  const s = b.state;
  if (s.status !== 'rolling-back' || !s.rollback) {
    return;
  }
  if (rollbackCursor(s) === undefined) {
    const rings = s.rollback.rings.map((ri) => s.rings[ri]?.name ?? '?');
    b.emit({ type: 'RollbackCompleted', at: b.now, scope: s.rollback.scope, rings });
  }
}

/** After a deploy host finished (done or failed): budgets, domain completion, bake start. */
/**
 * What follows once a person settled a host (a rejected key, a host given up on, an in-doubt
 * step resolved): a settled deploy counts toward its domain and budgets, a failed rollback
 * toward the rollback's progress.
 */
export function afterHostSettledByHand(b: Batch, host: string): void {
  const after = b.state.hosts[host];
  if (after && (after.status === 'done' || after.status === 'failed')) {
    afterDeploySettled(b, after);
  }
  if (after?.status === 'rollback-failed') {
    rollbackProgress(b);
  }
}

export function afterDeploySettled(b: Batch, h: HostState): void {
  const plan = b.state.plan;
  const ringPlan = plan?.rings[h.ring];
  if (!plan || !ringPlan) {
    return;
  }
  const ring = b.state.rings[h.ring];
  const domain = ring?.domains[h.domain];
  if (!ring || !domain) {
    return;
  }
  const live = ['running', 'baking', 'waiting-promotion', 'paused'].includes(b.state.status);
  if (live && ring.status !== 'halted') {
    if (domain.failed > ringPlan.maxFailedHostsPerDomain) {
      haltRing(
        b,
        h.ring,
        `update domain ${domain.name} of ring ${ring.name} has ${plural(domain.failed, 'failed host')}, more than its budget of ${ringPlan.maxFailedHostsPerDomain}`,
      );
      return;
    }
    if (ring.failed > ringPlan.maxFailedHosts) {
      haltRing(
        b,
        h.ring,
        `ring ${ring.name} has ${plural(ring.failed, 'failed host')}, more than its budget of ${ringPlan.maxFailedHosts}`,
      );
      return;
    }
  }
  // The counters say when the last host settled; only then are the hosts walked to confirm
  // (a walk per settled host made every rollout quadratic in its domains' size).
  if (
    domain.status === 'active' &&
    domain.done + domain.failed >= domain.total &&
    domainHosts(b.state, h.ring, h.domain).every(
      (x) => x.status === 'done' || x.status === 'failed',
    )
  ) {
    b.emit({
      type: 'DomainCompleted',
      at: b.now,
      ring: ring.name,
      domain: domain.name,
      succeeded: domain.done,
      failed: domain.failed,
    });
  }
  const after = b.state.rings[h.ring];
  const deploying =
    after?.status === 'deploying' && after.domains.every((d) => d.status === 'completed');
  if (deploying && (b.state.status === 'running' || b.state.status === 'paused')) {
    b.emit({ type: 'BakeStarted', at: b.now, ring: ring.name, endsAt: b.now + ringPlan.bakeMs });
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Deploy failures `host`'s ring may still take before it halts: the domain's and the ring's
 * budgets left, whichever is less (never below 0). A transport that runs several hosts as one
 * command (SSM's MaxErrors) is given this, never more.
 */
export function failureBudgetLeft(s: RolloutState, host: string): number {
  const h = s.hosts[host];
  const ringPlan = h ? s.plan?.rings[h.ring] : undefined;
  const ring = h ? s.rings[h.ring] : undefined;
  const domain = h ? ring?.domains[h.domain] : undefined;
  if (!ringPlan || !ring || !domain) {
    return 0;
  }
  return Math.max(
    0,
    Math.min(
      ringPlan.maxFailedHostsPerDomain - domain.failed,
      ringPlan.maxFailedHosts - ring.failed,
    ),
  );
}
