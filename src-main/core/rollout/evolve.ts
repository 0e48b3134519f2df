import type { RolloutPlan } from '../model/plan';
import type { EventOf, RolloutEvent } from './event';
import {
  freshState,
  type DomainState,
  type HostState,
  type RingState,
  type RolloutState,
} from './state';
import { copying, inPlace, type Writer } from './writer';

/**
 * Applies one event: pure and total. Never mutates `state` (structural sharing: only the
 * objects on the path to the change are new). Events naming unknown rings or hosts change
 * nothing but the event count, so a damaged journal still replays.
 */
export function evolve(state: RolloutState, event: RolloutEvent): RolloutState {
  return apply(copying, state, event);
}

/**
 * Rebuilds the state from a whole journal. Equivalent to `events.reduce(evolve, initialState)`
 * (the property tests check it) but writes in place into a state it owns, so replaying
 * 1,000,000 events does not copy the hosts record per event.
 */
export function replay(events: Iterable<RolloutEvent>): RolloutState {
  let s = freshState();
  for (const e of events) {
    s = apply(inPlace, s, e);
  }
  return s;
}

function ringIndex(s: RolloutState, name: string | null): number {
  return name === null ? -1 : s.rings.findIndex((r) => r.name === name);
}

function created(e: EventOf<'RolloutCreated'>, s: RolloutState): RolloutState {
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
    };
  });
  return {
    ...s,
    plan,
    planHash: e.planHash,
    status: 'created',
    rings,
    hosts,
    platformGates: {},
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
    touched: false,
    lastExitCode: null,
    lastReason: null,
    fingerprint: null,
    statusBeforeApproval: null,
  };
}

/** Counts a host as finished (done or failed) in its ring and domain. */
function count(w: Writer, s: RolloutState, h: HostState, field: 'done' | 'failed'): RolloutState {
  const r = s.rings[h.ring];
  const d = r?.domains[h.domain];
  if (!r || !d) {
    return s;
  }
  s = w.ring(s, h.ring, { [field]: r[field] + 1 });
  return w.domain(s, h.ring, h.domain, { [field]: d[field] + 1 });
}

/** A deploy step of `h` took effect: next step, or the host is done. */
function deployStepDone(w: Writer, s: RolloutState, h: HostState, step: string): RolloutState {
  const steps = s.plan?.deploy.steps ?? [];
  const completedSteps = h.completedSteps.includes(step)
    ? h.completedSteps
    : [...h.completedSteps, step];
  const last = steps.length > 0 && steps[steps.length - 1]?.name === step;
  if (last && h.status !== 'done') {
    s = w.host(s, h.name, {
      completedSteps,
      running: null,
      inDoubt: null,
      status: 'done',
      version: s.plan?.release.version ?? null,
    });
    return count(w, s, h, 'done');
  }
  return w.host(s, h.name, {
    completedSteps,
    running: null,
    inDoubt: null,
    status: last ? 'done' : 'deploying',
  });
}

function deployFailed(w: Writer, s: RolloutState, h: HostState): RolloutState {
  // Read before writing: the in-place writer updates `h` itself.
  const already = h.status === 'failed';
  s = w.host(s, h.name, { status: 'failed', running: null, inDoubt: null, version: null });
  return already ? s : count(w, s, h, 'failed');
}

function apply(w: Writer, s: RolloutState, e: RolloutEvent): RolloutState {
  s = w.root(s, { events: s.events + 1, lastEventAt: e.at });
  switch (e.type) {
    case 'RolloutCreated':
      return created(e, s);
    case 'RolloutStarted':
      s = w.action(s, { at: e.at, by: e.by, action: 'start', detail: '' });
      return w.root(s, { status: 'running', startedAt: e.at });
    case 'RingStarted': {
      const ri = ringIndex(s, e.ring);
      if (ri < 0) {
        return s;
      }
      s = w.ring(s, ri, { status: 'deploying', startedAt: e.at });
      return w.root(s, { currentRing: ri, status: 'running' });
    }
    case 'DomainStarted': {
      const ri = ringIndex(s, e.ring);
      const di = s.rings[ri]?.domains.findIndex((d) => d.name === e.domain) ?? -1;
      return w.domain(s, ri, di, { status: 'active', startedAt: e.at });
    }
    case 'HostStepStarted': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      const running = { step: e.step, phase: e.phase, attempt: e.attempt, startedAt: e.at };
      switch (e.phase) {
        case 'deploy':
          return w.host(s, h.name, {
            running,
            attempts: e.attempt,
            status: 'deploying',
            touched: true,
          });
        case 'rollback':
          // Rolling back supersedes any doubt about the deploy step.
          return w.host(s, h.name, {
            running,
            attempts: e.attempt,
            status: 'rolling-back',
            inDoubt: null,
          });
        case 'verify':
          return w.host(s, h.name, { running, attempts: e.attempt });
      }
      return s;
    }
    case 'HostStepSucceeded': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.timing(s, `${e.phase}:${e.step}`, e.durationMs);
      s = w.host(s, h.name, { lastExitCode: e.exitCode, lastReason: null });
      switch (e.phase) {
        case 'deploy':
          return deployStepDone(w, s, h, e.step);
        case 'rollback':
          return w.host(s, h.name, {
            running: null,
            rolledBackSteps: h.rolledBackSteps.includes(e.step)
              ? h.rolledBackSteps
              : [...h.rolledBackSteps, e.step],
          });
        case 'verify':
          return w.host(s, h.name, { running: null });
      }
      return s;
    }
    case 'HostStepFailed': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.timing(s, `${e.phase}:${e.step}`, e.durationMs);
      s = w.host(s, h.name, { lastExitCode: e.exitCode, lastReason: e.reason, running: null });
      switch (e.phase) {
        case 'deploy':
          return deployFailed(w, s, h);
        case 'rollback':
          return w.host(s, h.name, { status: 'rollback-failed' });
        case 'verify':
          return s;
      }
      return s;
    }
    case 'HostInDoubt':
      return w.host(s, e.host, {
        status: 'in-doubt',
        running: null,
        inDoubt: { step: e.step, phase: e.phase },
      });
    case 'InDoubtResolved': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      if (e.by !== 'ringside') {
        s = w.action(s, {
          at: e.at,
          by: e.by,
          action: 'resolve-in-doubt',
          detail: `${e.host}: ${e.resolution}`,
        });
      }
      const rollback = e.phase === 'rollback';
      switch (e.resolution) {
        case 'completed':
          return rollback
            ? w.host(s, h.name, {
                inDoubt: null,
                running: null,
                status: 'rolling-back',
                rolledBackSteps: [...h.rolledBackSteps, e.step],
              })
            : deployStepDone(w, s, h, e.step);
        case 'retry':
          return w.host(s, h.name, {
            inDoubt: null,
            running: null,
            status: rollback ? 'rolling-back' : 'deploying',
          });
        case 'failed':
          return rollback
            ? w.host(s, h.name, { inDoubt: null, running: null, status: 'rollback-failed' })
            : deployFailed(w, s, h);
      }
      return s;
    }
    case 'HostNeedsApproval': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      // The key was unknown before any command ran: a first step never touched the host.
      const untouched =
        h.completedSteps.length === 0 && h.running?.phase === 'deploy' && h.status === 'deploying';
      return w.host(s, h.name, {
        status: 'needs-approval',
        statusBeforeApproval: untouched ? 'pending' : h.status,
        touched: untouched ? false : h.touched,
        fingerprint: e.fingerprint,
        running: null,
      });
    }
    case 'HostKeyApproved': {
      const h = s.hosts[e.host];
      if (!h) {
        return s;
      }
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'approve-host',
        detail: `${e.host} ${e.fingerprint}`,
      });
      return w.host(s, h.name, {
        status: h.statusBeforeApproval ?? 'pending',
        statusBeforeApproval: null,
        fingerprint: null,
      });
    }
    case 'DomainCompleted': {
      const ri = ringIndex(s, e.ring);
      const di = s.rings[ri]?.domains.findIndex((d) => d.name === e.domain) ?? -1;
      return w.domain(s, ri, di, { status: 'completed', completedAt: e.at });
    }
    case 'BakeStarted': {
      const ri = ringIndex(s, e.ring);
      s = w.ring(s, ri, { status: 'baking', bakeStartedAt: e.at, bakeEndsAt: e.endsAt });
      return s.status === 'running' ? w.root(s, { status: 'baking' }) : s;
    }
    case 'BakeElapsed': {
      const ri = ringIndex(s, e.ring);
      s = w.ring(s, ri, { status: 'baked', bakeElapsed: true });
      return s.status === 'baking' ? w.root(s, { status: 'waiting-promotion' }) : s;
    }
    case 'GateEvaluated': {
      const value = { outcome: e.outcome, evidence: e.evidence, final: e.final, at: e.at };
      return e.ring === null
        ? w.platformGate(s, e.gate, value)
        : w.ringGate(s, ringIndex(s, e.ring), e.gate, value);
    }
    case 'RingHealthy':
      return w.ring(s, ringIndex(s, e.ring), { status: 'healthy' });
    case 'RingHalted': {
      const halt = {
        reason: e.reason,
        ...(e.gate ? { gate: e.gate } : {}),
        ...(e.summary ? { summary: e.summary } : {}),
      };
      s = w.ring(s, ringIndex(s, e.ring), { status: 'halted', halt });
      return w.root(s, { status: 'halted', statusBeforePause: null });
    }
    case 'HaltSummaryWritten': {
      const ri = ringIndex(s, e.ring);
      const halt = s.rings[ri]?.halt;
      return halt ? w.ring(s, ri, { halt: { ...halt, summary: e.summary } }) : s;
    }
    case 'Promoted': {
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'promote',
        detail: e.override ? `override: ${e.override.reason}` : (e.note ?? ''),
      });
      return w.ring(s, ringIndex(s, e.ring), {
        status: 'promoted',
        promotedAt: e.at,
        override: e.override ?? null,
      });
    }
    case 'RollbackStarted': {
      const rings = e.rings.map((r) => ringIndex(s, r)).filter((i) => i >= 0);
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'rollback',
        detail: `${e.scope}${e.emergency ? ' (emergency)' : ''}: ${e.reason}`,
      });
      for (const ri of rings) {
        s = w.ring(s, ri, { status: 'rolling-back' });
      }
      const rollback = {
        scope: e.scope,
        rings,
        emergency: e.emergency,
        by: e.by,
        reason: e.reason,
        startedAt: e.at,
        completedAt: null,
      };
      return w.root(s, { status: 'rolling-back', statusBeforePause: null, rollback });
    }
    case 'HostRolledBack':
      return w.host(s, e.host, {
        status: 'rolled-back',
        version: s.plan?.release.previous ?? null,
        running: null,
      });
    case 'RollbackCompleted': {
      for (const r of e.rings) {
        s = w.ring(s, ringIndex(s, r), { status: 'rolled-back' });
      }
      const rollback = s.rollback ? { ...s.rollback, completedAt: e.at } : null;
      return w.root(s, { status: 'rolled-back', rollback, endedAt: e.at });
    }
    case 'Paused':
      s = w.action(s, { at: e.at, by: e.by, action: 'pause', detail: e.reason });
      return w.root(s, {
        status: 'paused',
        statusBeforePause: s.status === 'paused' ? s.statusBeforePause : s.status,
      });
    case 'Resumed':
      s = w.action(s, { at: e.at, by: e.by, action: 'resume', detail: e.reason });
      return w.root(s, { status: resumedStatus(s), statusBeforePause: null });
    case 'Aborted':
      s = w.action(s, { at: e.at, by: e.by, action: 'abort', detail: e.reason });
      return w.root(s, { status: 'aborted', statusBeforePause: null, endedAt: e.at });
    case 'OperatorNote':
      return w.action(s, { at: e.at, by: e.by, action: 'note', detail: e.text });
    case 'AnomalyDetected':
      return s;
    case 'RolloutCompleted':
      return w.root(s, { status: 'completed', endedAt: e.at });
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** The status after a resume: where the rollout was, caught up with what its ring did meanwhile. */
function resumedStatus(s: RolloutState): RolloutState['status'] {
  const before = s.statusBeforePause ?? 'running';
  if (before !== 'running' && before !== 'baking') {
    return before;
  }
  const ring = s.rings[s.currentRing];
  switch (ring?.status) {
    case 'baking':
      return 'baking';
    case 'baked':
    case 'healthy':
      return 'waiting-promotion';
    default:
      return before;
  }
}
