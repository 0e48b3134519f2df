import { parseDuration } from '../duration';
import type { RolloutPlan } from '../model/plan';
import type { PlanDocument } from './schema';

/** Lower and upper bounds of a rollout's duration, and what they assume. */
export interface DurationEstimate {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly assumes: string;
}

/**
 * Estimates how long the rollout takes. Both bounds add every ring's bake and run update
 * domains in batches of `parallelDomains`, each domain in waves of `concurrency` hosts. The
 * minimum counts each step at its `expected` time (0 when not given); the maximum at its
 * timeout. Neither counts operator time before a manual promotion, retries or rollbacks.
 */
export function estimateDuration(plan: RolloutPlan, doc: PlanDocument): DurationEstimate {
  const stepMs = (pick: 'expected' | 'timeout') =>
    doc.deploy.steps.reduce((sum, s) => sum + (parseDuration(s[pick] ?? '0') ?? 0), 0);
  const total = (perHostMs: number) => {
    let ms = 0;
    for (const ring of plan.rings) {
      ms += ring.bakeMs;
      for (let i = 0; i < ring.domains.length; i += plan.deploy.parallelDomains) {
        const batch = ring.domains.slice(i, i + plan.deploy.parallelDomains);
        const waves = Math.max(
          ...batch.map((d) => Math.ceil(d.hosts.length / plan.deploy.concurrency)),
        );
        ms += waves * perHostMs;
      }
    }
    return Math.round(ms / 1000);
  };
  return {
    minSeconds: total(stepMs('expected')),
    maxSeconds: total(stepMs('timeout')),
    assumes:
      'bakes in full; domains in batches of parallelDomains, hosts in waves of concurrency; ' +
      'steps at their expected time (min, 0 if unset) or timeout (max); no operator wait, retries or rollback',
  };
}
