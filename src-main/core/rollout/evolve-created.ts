import type { RolloutPlan } from '../model/plan';
import type { EventOf } from './event';
import { approvalsNeeded } from './approvals';
import type { DomainState, HostState, RingState, RolloutState } from './state';

/** The state right after RolloutCreated: every ring, domain and host of the plan, pending. */
export function created(e: EventOf<'RolloutCreated'>, s: RolloutState): RolloutState {
  const plan: RolloutPlan = e.plan;
  const hosts: Record<string, HostState> = {};
  const rings: RingState[] = plan.rings.map((r, ri) => {
    const domains: DomainState[] = r.domains.map((d, di) => {
      for (const name of d.hosts) {
        hosts[name] = newHost(name, ri, di, plan.release.previous);
      }
      return {
        name: d.name,
        status: 'pending',
        done: 0,
        failed: 0,
        total: d.hosts.length,
        startedAt: null,
        completedAt: null,
      };
    });
    const gates: RingState['gates'] = {};
    for (const g of r.gates) {
      (gates as Record<string, RingState['gates'][string]>)[g] = {
        outcome: 'pending',
        evidence: {},
        final: false,
        at: null,
      };
    }
    return {
      name: r.name,
      status: 'pending',
      domains,
      gates,
      done: 0,
      failed: 0,
      total: domains.reduce((n, d) => n + d.total, 0),
      startedAt: null,
      bakeStartedAt: null,
      bakeEndsAt: null,
      bakeElapsed: false,
      halt: null,
      promotedAt: null,
      override: null,
      approvalsNeeded: approvalsNeeded(r),
      approvals: [],
    };
  });
  return {
    ...s,
    plan,
    planHash: e.planHash,
    status: 'created',
    rings,
    hosts,
    // Known from the start (plans resolved since platform gates were listed), so a platform
    // gate blocks promotion before its first reading too: pending is not passing.
    platformGates: Object.fromEntries(
      (plan.platformGates ?? []).map((g) => [
        g,
        { outcome: 'pending' as const, evidence: {}, final: false, at: null },
      ]),
    ),
    actions: [{ at: e.at, by: e.by, action: 'create', detail: plan.release.version }],
    timings: {},
    createdAt: e.at,
  };
}

function newHost(name: string, ring: number, domain: number, version: string): HostState {
  return {
    name,
    ring,
    domain,
    status: 'pending',
    version,
    completedSteps: [],
    rolledBackSteps: [],
    running: null,
    inDoubt: null,
    attempts: 0,
    attemptOf: null,
    touched: false,
    lastExitCode: null,
    lastReason: null,
    fingerprint: null,
    statusBeforeApproval: null,
    passphraseKey: null,
  };
}
