import type { EngineCommand } from './commands';
import type { StepPhase } from './event';
import {
  domainHosts,
  gatesNotPassing,
  holdsDeploySlot,
  holdsRollbackSlot,
  nextDeployStep,
  nextRollbackStep,
  platformGatesNotPassing,
  rollbackCursor,
  rollbackSettled,
} from './rules';
import type { RolloutState } from './state';

/** One thing the engine should do now. Each maps to exactly one engine command. */
export type WorkItem =
  | { readonly kind: 'startDomain'; readonly ring: string; readonly domain: string }
  | {
      readonly kind: 'runStep';
      readonly ring: string;
      readonly domain: string;
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
    }
  /** Bake end reached (or a baked ring's gates may now pass): send `tick`. */
  | { readonly kind: 'tick' };

/**
 * What the engine should start now, given the state. Every item, turned into its command
 * with `workCommand` and decided in order against the evolving state, is accepted: the list
 * respects deploy.concurrency inside a domain, parallelDomains across domains, domain order
 * (reverse for rollback), and holds nothing while paused, halted, aborted or finished.
 * Hosts already running a step are never listed: their result comes first.
 */
export function nextWork(s: RolloutState, now: number): WorkItem[] {
  switch (s.status) {
    case 'running':
      return deployWork(s);
    case 'baking':
    case 'waiting-promotion': {
      const ring = s.rings[s.currentRing];
      const due = ring?.status === 'baking' && ring.bakeEndsAt !== null && now >= ring.bakeEndsAt;
      // Only when tick would promote: every ring gate and every platform gate passes.
      const recheck =
        ring?.status === 'baked' &&
        gatesNotPassing(ring).length === 0 &&
        platformGatesNotPassing(s).length === 0;
      return due || recheck ? [{ kind: 'tick' }] : [];
    }
    case 'rolling-back':
      return rollbackWork(s);
    case 'new':
    case 'created':
    case 'paused':
    case 'halted':
    case 'rolled-back':
    case 'aborted':
    case 'completed':
      return [];
    default: {
      const unreachable: never = s.status;
      return unreachable;
    }
  }
}

/** The engine command for a work item. */
export function workCommand(item: WorkItem): EngineCommand {
  switch (item.kind) {
    case 'startDomain':
      return { type: 'beginDomain', ring: item.ring, domain: item.domain };
    case 'runStep':
      return { type: 'beginHostStep', host: item.host, step: item.step, phase: item.phase };
    case 'tick':
      return { type: 'tick' };
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}

/** When `tick` will next have something to decide (bake end), or null. */
export function nextWakeAt(s: RolloutState): number | null {
  const ring = s.rings[s.currentRing];
  return (s.status === 'baking' || s.status === 'waiting-promotion') && ring?.status === 'baking'
    ? ring.bakeEndsAt
    : null;
}

function deployWork(s: RolloutState): WorkItem[] {
  const plan = s.plan;
  const ri = s.currentRing;
  const ring = s.rings[ri];
  if (!plan || !ring || ring.status !== 'deploying') {
    return [];
  }
  const items: WorkItem[] = [];
  let active = 0;
  for (let di = 0; di < ring.domains.length; di++) {
    const domain = ring.domains[di];
    if (!domain) {
      continue;
    }
    if (domain.status === 'pending') {
      // Domains start in order, and only when a slot is free.
      if (active < plan.deploy.parallelDomains) {
        items.push({ kind: 'startDomain', ring: ring.name, domain: domain.name });
      }
      break;
    }
    if (domain.status !== 'active') {
      continue;
    }
    active++;
    const hosts = domainHosts(s, ri, di);
    let free = plan.deploy.concurrency - hosts.filter(holdsDeploySlot).length;
    const run = (host: string, step: string, phase: StepPhase) =>
      items.push({ kind: 'runStep', ring: ring.name, domain: domain.name, host, step, phase });
    for (const h of hosts) {
      if (h.running) {
        continue;
      }
      if (h.status === 'deploying') {
        const step = nextDeployStep(s, h);
        if (step) {
          run(h.name, step.name, 'deploy');
        }
      } else if (h.status === 'in-doubt' && h.inDoubt?.phase === 'deploy') {
        const step = plan.deploy.steps.find((st) => st.name === h.inDoubt?.step);
        if (step?.idempotent) {
          run(h.name, step.name, 'deploy');
        } else if (plan.deploy.verify) {
          run(h.name, plan.deploy.verify.name, 'verify');
        }
        // Otherwise a person resolves it (resolveInDoubt): never a blind re-run.
      } else if (h.status === 'pending' && free > 0) {
        const step = nextDeployStep(s, h);
        if (step) {
          free--;
          run(h.name, step.name, 'deploy');
        }
      }
    }
  }
  return items;
}

function rollbackWork(s: RolloutState): WorkItem[] {
  const plan = s.plan;
  const cursor = rollbackCursor(s);
  const ring = cursor ? s.rings[cursor.ri] : undefined;
  const domain = cursor ? ring?.domains[cursor.di] : undefined;
  if (!plan || !cursor || !ring || !domain) {
    return [];
  }
  const hosts = domainHosts(s, cursor.ri, cursor.di).filter(
    (h) => h.touched && !rollbackSettled(h),
  );
  let free = plan.deploy.concurrency - hosts.filter(holdsRollbackSlot).length;
  const items: WorkItem[] = [];
  for (const h of hosts) {
    if (h.running || h.status === 'needs-approval' || h.status === 'needs-passphrase') {
      continue;
    }
    const step = nextRollbackStep(s, h);
    if (!step) {
      continue;
    }
    const item = {
      kind: 'runStep',
      ring: ring.name,
      domain: domain.name,
      host: h.name,
      step: step.name,
      phase: 'rollback',
    } as const;
    if (h.status === 'in-doubt' && h.inDoubt?.phase === 'rollback') {
      if (step.idempotent) {
        items.push(item);
      }
    } else if (h.status === 'rolling-back') {
      items.push(item);
    } else if (free > 0) {
      free--;
      items.push(item);
    }
  }
  return items;
}
