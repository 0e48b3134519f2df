import type { EngineCommand } from './commands';
import { resolveInDoubt, type Refusal } from './decide-operator';
import { SYSTEM_ACTOR } from './event';
import {
  Batch,
  afterDeploySettled,
  domainHosts,
  holdsDeploySlot,
  holdsRollbackSlot,
  nextDeployStep,
  nextRollbackStep,
  rollbackCursor,
  rollbackProgress,
  rollbackSettled,
} from './rules';
import {
  domainStateWord,
  hostStatusWord,
  ringStatusWord,
  rolloutStatusWord,
} from '../words/state-words';

/** Starts a deploy, verify or rollback step on a host, if every rule allows it now. */
export function beginHostStep(
  b: Batch,
  c: Extract<EngineCommand, { type: 'beginHostStep' }>,
): Refusal | undefined {
  const s = b.state;
  const h = s.hosts[c.host];
  if (!h) {
    return `host ${c.host} is not in this rollout`;
  }
  if (h.running) {
    return `host ${c.host} is already running ${h.running.step} (${h.running.phase})`;
  }
  const ring = s.rings[h.ring];
  const domain = ring?.domains[h.domain];
  const plan = s.plan;
  if (!ring || !domain || !plan) {
    return `host ${c.host} has no ring`;
  }
  const at = { ring: ring.name, domain: domain.name, host: h.name, step: c.step, phase: c.phase };
  const start = () =>
    b.emit({
      type: 'HostStepStarted',
      at: b.now,
      // Attempts count per step: a re-run after doubt is attempt 2 of that step.
      attempt: (h.attemptOf === `${c.phase}:${c.step}` ? h.attempts : 0) + 1,
      ...at,
    });
  const retryDoubt = () =>
    b.emit({ type: 'InDoubtResolved', at: b.now, resolution: 'retry', by: SYSTEM_ACTOR, ...at });
  switch (c.phase) {
    case 'deploy': {
      if (s.status !== 'running' || h.ring !== s.currentRing || ring.status !== 'deploying') {
        return `no deploy step may start on ${c.host}: the rollout is ${rolloutStatusWord(s.status)} and ring ${ring.name} is ${ringStatusWord(ring.status)}`;
      }
      if (domain.status !== 'active') {
        return `update domain ${domain.name} of ${c.host} has not started (it is ${domainStateWord(domain.status)})`;
      }
      const next = nextDeployStep(s, h);
      if (!next || next.name !== c.step) {
        return `the next deploy step of ${c.host} is ${next?.name ?? 'none (it is done)'}, not ${c.step}`;
      }
      if (h.status === 'in-doubt') {
        if (h.inDoubt?.phase !== 'deploy' || h.inDoubt.step !== c.step || !next.idempotent) {
          return `host ${c.host} is in doubt about ${h.inDoubt?.step ?? '?'}: verify it or resolve it by hand (step ${c.step} is not idempotent)`;
        }
        retryDoubt();
        start();
        return undefined;
      }
      if (h.status !== 'pending' && h.status !== 'deploying') {
        return `host ${c.host} is ${hostStatusWord(h.status)}: no deploy step may start`;
      }
      if (h.status === 'pending') {
        const busy = domainHosts(s, h.ring, h.domain).filter(holdsDeploySlot).length;
        if (busy >= plan.deploy.concurrency) {
          return `update domain ${domain.name} already has ${busy} hosts deploying; the plan allows ${plan.deploy.concurrency}`;
        }
      }
      start();
      return undefined;
    }
    case 'verify': {
      if (s.status !== 'running') {
        return `cannot verify ${c.host}: the rollout is ${rolloutStatusWord(s.status)}`;
      }
      if (h.status !== 'in-doubt' || h.inDoubt?.phase !== 'deploy') {
        return `host ${c.host} is not in doubt about a deploy step`;
      }
      if (plan.deploy.verify?.name !== c.step) {
        return `the plan's verify step is ${plan.deploy.verify?.name ?? 'not defined'}, not ${c.step}`;
      }
      start();
      return undefined;
    }
    case 'rollback': {
      if (s.status !== 'rolling-back' || !s.rollback?.rings.includes(h.ring)) {
        return `no rollback of ring ${ring.name} is running`;
      }
      if (!h.touched || rollbackSettled(h)) {
        return `host ${c.host} has nothing to roll back (it is ${hostStatusWord(h.status)})`;
      }
      const cursor = rollbackCursor(s);
      if (!cursor || cursor.ri !== h.ring || cursor.di !== h.domain) {
        const d = cursor ? s.rings[cursor.ri]?.domains[cursor.di]?.name : undefined;
        return `rollback goes domain by domain in reverse: ${d ?? 'no domain'} comes before ${domain.name}`;
      }
      const next = nextRollbackStep(s, h);
      if (!next || next.name !== c.step) {
        return `the next rollback step of ${c.host} is ${next?.name ?? 'none'}, not ${c.step}`;
      }
      if (h.status === 'in-doubt' && h.inDoubt?.phase === 'rollback') {
        if (h.inDoubt.step !== c.step || !next.idempotent) {
          return `host ${c.host} is in doubt about rollback step ${h.inDoubt.step}: resolve it by hand`;
        }
        retryDoubt();
      } else if (h.status !== 'rolling-back') {
        const busy = domainHosts(s, h.ring, h.domain).filter(holdsRollbackSlot).length;
        if (busy >= plan.deploy.concurrency) {
          return `update domain ${domain.name} already has ${busy} hosts rolling back; the plan allows ${plan.deploy.concurrency}`;
        }
      }
      start();
      return undefined;
    }
  }
  return undefined;
}

/** Records how a running step ended (always accepted: the step ran) and what follows. */
export function recordStepResult(
  b: Batch,
  c: Extract<EngineCommand, { type: 'recordStepResult' }>,
): Refusal | undefined {
  const s = b.state;
  const h = s.hosts[c.host];
  if (!h) {
    return `host ${c.host} is not in this rollout`;
  }
  if (!h.running || h.running.step !== c.step || h.running.phase !== c.phase) {
    return `host ${c.host} has no running ${c.phase} step ${c.step}`;
  }
  const ring = s.rings[h.ring];
  const at = {
    ring: ring?.name ?? '?',
    domain: ring?.domains[h.domain]?.name ?? '?',
    host: h.name,
    step: c.step,
    phase: c.phase,
    attempt: h.running.attempt,
    durationMs: c.durationMs,
    tail: c.tail,
    ...(c.ssmCommandId !== undefined ? { ssmCommandId: c.ssmCommandId } : {}),
  };
  const ok = c.exitCode === 0;
  if (ok) {
    b.emit({ type: 'HostStepSucceeded', at: b.now, exitCode: 0, ...at });
  } else {
    const reason = c.reason ?? (c.exitCode === null ? 'no exit code' : `exit code ${c.exitCode}`);
    b.emit({ type: 'HostStepFailed', at: b.now, exitCode: c.exitCode, reason, ...at });
  }
  const after = b.state.hosts[c.host];
  if (!after) {
    return undefined;
  }
  switch (c.phase) {
    case 'deploy':
      if (after.status === 'done' || after.status === 'failed') {
        afterDeploySettled(b, after);
      }
      return undefined;
    case 'verify':
      // Verify says whether the step took effect; no exit code at all says nothing.
      if (c.exitCode !== null) {
        resolveInDoubt(b, c.host, ok ? 'completed' : 'retry', SYSTEM_ACTOR);
      }
      return undefined;
    case 'rollback':
      if (ok && nextRollbackStep(b.state, after) === undefined) {
        b.emit({
          type: 'HostRolledBack',
          at: b.now,
          ring: at.ring,
          domain: at.domain,
          host: h.name,
        });
      }
      rollbackProgress(b);
      return undefined;
  }
  return undefined;
}

/**
 * Settles a step in doubt by what the remote service recorded of it (see `settleInDoubt`):
 * only the very step in doubt, and only while nothing runs on the host.
 */
export function settleInDoubt(
  b: Batch,
  c: Extract<EngineCommand, { type: 'settleInDoubt' }>,
): Refusal | undefined {
  const h = b.state.hosts[c.host];
  if (!h) {
    return `host ${c.host} is not in this rollout`;
  }
  if (h.status !== 'in-doubt' || h.inDoubt?.step !== c.step || h.inDoubt.phase !== c.phase) {
    return `host ${c.host} is not in doubt about ${c.phase} step ${c.step} (it is ${hostStatusWord(h.status)})`;
  }
  return resolveInDoubt(b, c.host, c.resolution, SYSTEM_ACTOR, c.reason, c.ssmCommandId);
}
