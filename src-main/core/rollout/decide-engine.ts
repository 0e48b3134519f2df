import type { EngineCommand } from './commands';
import type { Refusal } from './decide-operator';
import { approvalsNeeded } from './approvals';
import { SYSTEM_ACTOR } from './event';
import { beginHostStep, recordStepResult, settleInDoubt } from './decide-host-step';
import { hostNeedsPassphrase } from './decide-passphrase';
import { Batch, gatesNotPassing, haltRing, platformGatesNotPassing } from './rules';
import { isTerminal } from './state';
import { rolloutStatusWord } from '../words/state-words';

/** Engine commands. Returns a refusal or fills the batch. */
export function decideEngine(b: Batch, c: EngineCommand): Refusal | undefined {
  const s = b.state;
  if (!s.plan) {
    return 'there is no rollout yet: create it from a plan first';
  }
  switch (c.type) {
    case 'beginDomain':
      return beginDomain(b, c.ring, c.domain);
    case 'beginHostStep':
      return beginHostStep(b, c);
    case 'recordStepResult':
      return recordStepResult(b, c);
    case 'settleInDoubt':
      return settleInDoubt(b, c);
    case 'recordGate':
      return recordGate(b, c);
    case 'tick':
      tick(b);
      return undefined;
    case 'halt': {
      const ri = s.rings.findIndex((r) => r.name === c.ring);
      if (ri < 0 || ri !== s.currentRing) {
        return `ring ${c.ring} is not the active ring (${s.rings[s.currentRing]?.name ?? 'none'})`;
      }
      if (!['running', 'baking', 'waiting-promotion', 'paused'].includes(s.status)) {
        return `cannot halt ring ${c.ring}: the rollout is ${rolloutStatusWord(s.status)}`;
      }
      haltRing(b, ri, c.reason, {
        ...(c.gate ? { gate: c.gate } : {}),
        ...(c.summary ? { summary: c.summary } : {}),
      });
      return undefined;
    }
    case 'writeHaltSummary': {
      const ring = s.rings.find((r) => r.name === c.ring);
      if (!ring?.halt) {
        return `ring ${c.ring} has not been halted`;
      }
      b.emit({ type: 'HaltSummaryWritten', at: b.now, ring: c.ring, summary: c.summary });
      return undefined;
    }
    case 'recover':
      for (const h of Object.values(s.hosts)) {
        if (!h.running) {
          continue;
        }
        // A crash during verify leaves the original doubt standing.
        const doubt = h.running.phase === 'verify' && h.inDoubt ? h.inDoubt : h.running;
        b.emit({
          type: 'HostInDoubt',
          at: b.now,
          ring: s.rings[h.ring]?.name ?? '?',
          domain: s.rings[h.ring]?.domains[h.domain]?.name ?? '?',
          host: h.name,
          step: doubt.step,
          phase: doubt.phase,
        });
      }
      return undefined;
    case 'hostNeedsApproval': {
      const h = s.hosts[c.host];
      if (!h) {
        return `host ${c.host} is not in this rollout`;
      }
      if (h.status === 'needs-approval') {
        return `host ${c.host} already waits for approval of ${h.fingerprint ?? 'a key'}`;
      }
      // As for a passphrase: only a step's connection meets the key. Without this, a host of
      // a ring not yet started could be rejected, failing (and halting) that ring early.
      if (!h.running) {
        return `host ${c.host} is not running a step, so no connection of it waits for a host-key approval`;
      }
      b.emit({ type: 'HostNeedsApproval', at: b.now, host: c.host, fingerprint: c.fingerprint });
      return undefined;
    }
    case 'hostNeedsPassphrase':
      return hostNeedsPassphrase(b, c);
    case 'reportAnomaly':
      if (!s.rings.some((r) => r.name === c.ring)) {
        return `ring ${c.ring} is not in this rollout`;
      }
      b.emit({
        type: 'AnomalyDetected',
        at: b.now,
        ring: c.ring,
        metric: c.metric,
        detail: c.detail,
      });
      return undefined;
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

function beginDomain(b: Batch, ringName: string, domainName: string): Refusal | undefined {
  const s = b.state;
  const ring = s.rings[s.currentRing];
  if (s.status !== 'running' || !ring || ring.status !== 'deploying') {
    return `cannot start update domain ${domainName}: the rollout is ${rolloutStatusWord(s.status)}`;
  }
  if (ring.name !== ringName) {
    return `ring ${ringName} is not the active ring (${ring.name})`;
  }
  const di = ring.domains.findIndex((d) => d.name === domainName);
  const domain = ring.domains[di];
  if (!domain) {
    return `ring ${ringName} has no update domain ${domainName}`;
  }
  if (domain.status !== 'pending') {
    return `update domain ${domainName} has already started`;
  }
  const firstPending = ring.domains.findIndex((d) => d.status === 'pending');
  if (firstPending !== di) {
    return `update domains start in order: ${ring.domains[firstPending]?.name ?? '?'} comes first`;
  }
  const active = ring.domains.filter((d) => d.status === 'active').length;
  const allowed = s.plan?.deploy.parallelDomains ?? 1;
  if (active >= allowed) {
    return `ring ${ringName} already has ${active} update domain(s) deploying; the plan allows ${allowed} at once`;
  }
  b.emit({ type: 'DomainStarted', at: b.now, ring: ringName, domain: domainName });
  return undefined;
}

function recordGate(
  b: Batch,
  c: Extract<EngineCommand, { type: 'recordGate' }>,
): Refusal | undefined {
  const s = b.state;
  if (s.status === 'new' || s.status === 'created' || isTerminal(s.status)) {
    return `gate ${c.gate} reported while the rollout is ${rolloutStatusWord(s.status)}`;
  }
  const event = {
    type: 'GateEvaluated',
    at: b.now,
    ring: c.ring,
    gate: c.gate,
    outcome: c.outcome,
    evidence: c.evidence,
    final: c.final,
  } as const;
  if (c.ring === null) {
    b.emit(event);
    if (c.outcome === 'fail' && ['running', 'baking', 'waiting-promotion'].includes(s.status)) {
      b.emit({
        type: 'Paused',
        at: b.now,
        by: SYSTEM_ACTOR,
        reason: `platform gate ${c.gate} failed`,
      });
    }
    return undefined;
  }
  const ri = s.rings.findIndex((r) => r.name === c.ring);
  const ring = s.rings[ri];
  if (!ring) {
    return `ring ${c.ring} is not in this rollout`;
  }
  if (!(c.gate in ring.gates)) {
    return `gate ${c.gate} is not a gate of ring ${c.ring} (its gates: ${Object.keys(ring.gates).join(', ') || 'none'})`;
  }
  if (ri !== s.currentRing) {
    return `ring ${c.ring} is not the active ring (${s.rings[s.currentRing]?.name ?? 'none'})`;
  }
  b.emit(event);
  const live = ['running', 'baking', 'waiting-promotion', 'paused'].includes(s.status);
  if (c.outcome === 'fail' && live && ring.status !== 'halted') {
    haltRing(b, ri, `gate ${c.gate} failed`, {
      gate: c.gate,
      ...(c.summary !== undefined ? { summary: c.summary } : {}),
    });
  }
  return undefined;
}

/** Bake end, health and auto-promotion: what time alone (or new gate results) decides. */
function tick(b: Batch): void {
  const s = b.state;
  const ri = s.currentRing;
  const ring = s.rings[ri];
  const plan = s.plan?.rings[ri];
  if (!ring || !plan || !['baking', 'waiting-promotion'].includes(s.status)) {
    return;
  }
  if (ring.status === 'baking' && ring.bakeEndsAt !== null && b.now >= ring.bakeEndsAt) {
    b.emit({ type: 'BakeElapsed', at: b.now, ring: ring.name });
  }
  const baked = b.state.rings[ri];
  if (!baked || baked.status !== 'baked' || gatesNotPassing(baked).length > 0) {
    return;
  }
  // Fail closed on shared infrastructure too: a platform gate that is not passing (fail,
  // inconclusive, pending) holds the ring at waiting-promotion until it passes or a person
  // promotes with an override reason.
  if (platformGatesNotPassing(b.state).length > 0) {
    return;
  }
  b.emit({ type: 'RingHealthy', at: b.now, ring: ring.name });
  const next = s.rings[ri + 1];
  // A ring that asks for approvals waits for them, last ring included: no one promotes
  // (or completes) it on their own.
  if (approvalsNeeded(plan) > 1) {
    return;
  }
  if (!next) {
    b.emit({ type: 'RolloutCompleted', at: b.now });
  } else if (plan.promotion === 'auto') {
    b.emit({
      type: 'Promoted',
      at: b.now,
      ring: ring.name,
      next: next.name,
      by: SYSTEM_ACTOR,
      note: 'automatic promotion: bake elapsed and every gate passed',
    });
    b.emit({ type: 'RingStarted', at: b.now, ring: next.name });
  }
}
