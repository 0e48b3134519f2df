import type { RolloutEvent } from './event';
import { created } from './evolve-created';
import { applyPassphrase } from './evolve-passphrase';
import { applyHost } from './evolve-host';
import { freshState, type RolloutState } from './state';
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

/**
 * `evolve` with the writer given: the engine's fast path passes `hostsInPlace` (see
 * writer.ts) for its own state; `evolve` (copying) stays the reference.
 */
export function evolveWith(w: Writer, s: RolloutState, e: RolloutEvent): RolloutState {
  return apply(w, s, e);
}

/**
 * Streaming replay, for journals too large to hold as an array: `replayStep` writes in place
 * into a state that must come from `replayStart()` (never one shared with anyone else).
 * `events.reduce(replayStep, replayStart())` equals `replay(events)`.
 */
export function replayStart(): RolloutState {
  return freshState();
}

/** One in-place step of a streaming replay; see `replayStart`. */
export function replayStep(owned: RolloutState, event: RolloutEvent): RolloutState {
  return apply(inPlace, owned, event);
}

function ringIndex(s: RolloutState, name: string | null): number {
  return name === null ? -1 : s.rings.findIndex((r) => r.name === name);
}

/**
 * The reducer, written once for both writers. Read any field you need BEFORE writing it:
 * with the in-place writer a write changes the objects you hold.
 */
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
    case 'HostStepStarted':
    case 'HostStepSucceeded':
    case 'HostStepFailed':
    case 'HostInDoubt':
    case 'InDoubtResolved':
    case 'HostNeedsApproval':
    case 'HostKeyApproved':
    case 'HostKeyRejected':
      return applyHost(w, s, e);
    case 'HostNeedsPassphrase':
    case 'PassphraseRetried':
    case 'HostGivenUp':
      return applyPassphrase(w, s, e);
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
    case 'PromotionApproved': {
      const ri = ringIndex(s, e.ring);
      const ring = s.rings[ri];
      if (!ring) {
        return s;
      }
      const approval = { by: e.by, at: e.at, override: e.override?.reason ?? null };
      const approvals = [...ring.approvals, approval];
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'approve-promotion',
        detail: `ring ${e.ring}${e.override ? `, override: ${e.override.reason}` : ''}`,
      });
      return w.ring(s, ri, { approvals });
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
