import type { RolloutPlan } from '../model/plan';
import type { OperatorCommand } from './commands';
import { Batch, afterHostSettledByHand, rollbackPending, startRollback } from './rules';
import { approvePromotion, promote } from './decide-promotion';
import { giveUpHost, retryPassphrase } from './decide-passphrase';
import { isTerminal, type RolloutState } from './state';
import { hostStatusWord, rolloutStatusWord } from '../words/state-words';

/** A refusal: a sentence for a person. Returned, never thrown. */
export type Refusal = string;

/** Checks what the rollout core relies on; core/plan checks much more, with file positions. */
export function planProblem(plan: RolloutPlan): Refusal | undefined {
  if (plan.rings.length === 0) {
    return 'the plan has no rings';
  }
  if (plan.deploy.steps.length === 0) {
    return 'the plan has no deploy steps';
  }
  if (plan.deploy.concurrency < 1 || plan.deploy.parallelDomains < 1) {
    return 'deploy.concurrency and deploy.parallelDomains must be at least 1';
  }
  const known = new Set(plan.hosts.map((h) => h.name));
  const seen = new Map<string, string>();
  for (const ring of plan.rings) {
    if (ring.domains.length === 0 || ring.domains.some((d) => d.hosts.length === 0)) {
      return `ring ${ring.name} has no hosts in one of its update domains`;
    }
    for (const d of ring.domains) {
      for (const h of d.hosts) {
        if (!known.has(h)) {
          return `ring ${ring.name}, update domain ${d.name}: host ${h} is not in the fleet`;
        }
        const where = seen.get(h);
        if (where !== undefined) {
          return `host ${h} is in ${where} and in ring ${ring.name}, update domain ${d.name}: a host belongs to one place`;
        }
        seen.set(h, `ring ${ring.name}, update domain ${d.name}`);
      }
    }
  }
  return undefined;
}

/** Operator commands. Returns a refusal or fills the batch. */
export function decideOperator(b: Batch, c: OperatorCommand): Refusal | undefined {
  const s = b.state;
  if (c.type !== 'create' && s.plan === null) {
    return 'there is no rollout yet: create it from a plan first';
  }
  switch (c.type) {
    case 'create': {
      if (s.plan !== null) {
        return `this journal already holds the rollout of ${s.plan.release.name} ${s.plan.release.version}`;
      }
      const problem = planProblem(c.plan);
      if (problem) {
        return `cannot create the rollout: ${problem}`;
      }
      b.emit({
        type: 'RolloutCreated',
        at: b.now,
        plan: c.plan,
        planHash: c.plan.planHash,
        by: c.by,
      });
      return undefined;
    }
    case 'start': {
      if (s.status !== 'created') {
        return `the rollout has already started (it is ${rolloutStatusWord(s.status)})`;
      }
      const first = s.rings[0];
      if (!first) {
        return 'the plan has no rings';
      }
      b.emit({ type: 'RolloutStarted', at: b.now, by: c.by });
      b.emit({ type: 'RingStarted', at: b.now, ring: first.name });
      return undefined;
    }
    case 'promote':
      return promote(b, c);
    case 'approvePromotion':
      return approvePromotion(b, c);
    case 'pause':
      if (!['running', 'baking', 'waiting-promotion', 'rolling-back'].includes(s.status)) {
        return `cannot pause: the rollout is ${rolloutStatusWord(s.status)}`;
      }
      b.emit({ type: 'Paused', at: b.now, by: c.by, reason: c.reason });
      return undefined;
    case 'resume':
      if (s.status !== 'paused') {
        return s.status === 'halted'
          ? 'a halted rollout cannot resume: roll back, or promote with an override reason'
          : `cannot resume: the rollout is ${rolloutStatusWord(s.status)}, not paused`;
      }
      b.emit({ type: 'Resumed', at: b.now, by: c.by, reason: c.reason });
      return undefined;
    case 'abort':
      if (isTerminal(s.status)) {
        return `cannot abort: the rollout is already ${rolloutStatusWord(s.status)}`;
      }
      b.emit({ type: 'Aborted', at: b.now, by: c.by, reason: c.reason });
      return undefined;
    case 'haltRing':
      return haltByHand(b, c.by, c.reason);
    case 'rollback':
      return rollback(b, c);
    case 'note':
      if (c.text.trim() === '') {
        return 'a note needs some text';
      }
      b.emit({ type: 'OperatorNote', at: b.now, by: c.by, text: c.text });
      return undefined;
    case 'approveHost': {
      const h = s.hosts[c.host];
      if (!h) {
        return `host ${c.host} is not in this rollout`;
      }
      if (h.status !== 'needs-approval') {
        return `host ${c.host} is not waiting for a host-key approval (it is ${hostStatusWord(h.status)})`;
      }
      if (h.fingerprint !== c.fingerprint) {
        return `host ${c.host} presented ${h.fingerprint ?? 'no key'}, not ${c.fingerprint}: approve the key it presented`;
      }
      b.emit({
        type: 'HostKeyApproved',
        at: b.now,
        host: c.host,
        fingerprint: c.fingerprint,
        by: c.by,
        ...(c.note !== undefined ? { note: c.note } : {}),
      });
      return undefined;
    }
    case 'rejectHost':
      return rejectHost(b, c);
    case 'retryPassphrase':
      return retryPassphrase(b, c);
    case 'giveUpHost':
      return giveUpHost(b, c);
    case 'resolveInDoubt':
      return resolveInDoubt(b, c.host, c.resolution, c.by, c.reason);
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

/** An operator's halt of the active ring; unlike a gate's halt it never starts a rollback. */
function haltByHand(b: Batch, by: string, reason: string): Refusal | undefined {
  const s = b.state;
  const ring = s.rings[s.currentRing];
  if (!ring || !['running', 'baking', 'waiting-promotion', 'paused'].includes(s.status)) {
    return `nothing to halt: the rollout is ${rolloutStatusWord(s.status)}`;
  }
  if (ring.status === 'halted') {
    return `ring ${ring.name} is already halted`;
  }
  if (reason.trim() === '') {
    return `halting ring ${ring.name} needs a written reason`;
  }
  b.emit({
    type: 'RingHalted',
    at: b.now,
    ring: ring.name,
    reason: `halted by ${by}: ${reason.trim()}`,
  });
  return undefined;
}

function rollback(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'rollback' }>,
): Refusal | undefined {
  const s = b.state;
  if (s.plan?.deploy.rollback.length === 0) {
    return 'the plan defines no rollback steps';
  }
  if (s.status === 'rolling-back') {
    return 'a rollback is already running';
  }
  const candidates = s.rings.map((_, ri) => ri).filter((ri) => rollbackPending(s, ri).length > 0);
  if (candidates.length === 0) {
    return 'no host has received the new version: nothing to roll back';
  }
  if (!c.emergency && s.status === 'running') {
    return 'hosts are being deployed: pause first, or ask for an emergency rollback';
  }
  if (!c.emergency && s.status === 'baking') {
    return `ring ${s.rings[s.currentRing]?.name ?? '?'} is baking: wait for the bake, or ask for an emergency rollback`;
  }
  const rings = candidates.reverse();
  const chosen = c.scope === 'ring' ? rings.slice(0, 1) : rings;
  startRollback(b, chosen, c.scope, c.emergency === true, c.by, c.reason);
  return undefined;
}

/** Refuses a host's key: the host fails, which counts toward the budgets (and may halt). */
function rejectHost(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'rejectHost' }>,
): Refusal | undefined {
  const h = b.state.hosts[c.host];
  if (!h) {
    return `host ${c.host} is not in this rollout`;
  }
  if (h.status !== 'needs-approval') {
    return `host ${c.host} is not waiting for a host-key approval (it is ${hostStatusWord(h.status)})`;
  }
  if (h.fingerprint !== c.fingerprint) {
    return `host ${c.host} presented ${h.fingerprint ?? 'no key'}, not ${c.fingerprint}: reject the key it presented`;
  }
  b.emit({
    type: 'HostKeyRejected',
    at: b.now,
    host: c.host,
    fingerprint: c.fingerprint,
    by: c.by,
  });
  afterHostSettledByHand(b, c.host);
  return undefined;
}

/** Settles an in-doubt host (operator or verify step) and applies what follows from it. */
export function resolveInDoubt(
  b: Batch,
  host: string,
  resolution: 'completed' | 'retry' | 'failed',
  by: string,
  reason?: string,
  ssmCommandId?: string,
): Refusal | undefined {
  const s = b.state;
  const h = s.hosts[host];
  if (!h) {
    return `host ${host} is not in this rollout`;
  }
  if (h.status !== 'in-doubt' || !h.inDoubt) {
    return `host ${host} is not in doubt (it is ${hostStatusWord(h.status)})`;
  }
  if (h.running) {
    return `host ${host} is running ${h.running.step} (${h.running.phase}): wait for its result`;
  }
  const ring = s.rings[h.ring];
  const domain = ring?.domains[h.domain];
  b.emit({
    type: 'InDoubtResolved',
    at: b.now,
    ring: ring?.name ?? '?',
    domain: domain?.name ?? '?',
    host,
    step: h.inDoubt.step,
    phase: h.inDoubt.phase,
    resolution,
    by,
    ...(reason !== undefined && reason.trim() !== '' ? { reason: reason.trim() } : {}),
    ...(ssmCommandId !== undefined ? { ssmCommandId } : {}),
  });
  afterHostSettledByHand(b, host);
  return undefined;
}

/** True when commands that start work make sense at all. */
export function isLive(s: RolloutState): boolean {
  return !isTerminal(s.status) && s.status !== 'new' && s.status !== 'created';
}
