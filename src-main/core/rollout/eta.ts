import type { RolloutPlan } from '../model/plan';
import type { Progress, RolloutState } from './state';

/** An estimate of the time left, with what it rests on. */
export interface Eta {
  /** Milliseconds until the last ring's bake ends, not counting waits for manual promotion. */
  readonly remainingMs: number;
  /** `now + remainingMs`. */
  readonly finishAt: number;
  /** Step durations observed so far; 0 = no step finished yet, so deploy time is unknown and counted as 0. */
  readonly observedSteps: number;
  /** Rings still to be promoted by a person: their waits are not in the estimate. */
  readonly manualPromotions: number;
}

/**
 * Deploy step durations as observed so far: a step's mean (or, for a step not seen yet, the
 * mean of all deploy steps), one host's whole deploy (the plan's steps summed), and how many
 * steps were seen.
 */
export function observedSteps(
  state: RolloutState,
  plan: RolloutPlan,
): { stepMs: (name: string) => number; hostMs: number; seen: number } {
  let seen = 0;
  let seenMs = 0;
  for (const [key, t] of Object.entries(state.timings)) {
    if (key.startsWith('deploy:')) {
      seen += t.count;
      seenMs += t.totalMs;
    }
  }
  const fallback = seen > 0 ? seenMs / seen : 0;
  const stepMs = (name: string): number => {
    const t = state.timings[`deploy:${name}`];
    return t && t.count > 0 ? t.totalMs / t.count : fallback;
  };
  return { stepMs, hostMs: plan.deploy.steps.reduce((n, st) => n + stepMs(st.name), 0), seen };
}

/**
 * Estimates the time left from observed step durations (mean per deploy step, or the mean
 * of all deploy steps for a step not seen yet), the plan's concurrency, and bake times.
 * Null when the rollout is not running toward completion (not started, halted, finished).
 */
export function eta(state: RolloutState, now: number): Eta | null {
  const plan = state.plan;
  if (!plan || !['running', 'baking', 'waiting-promotion', 'paused'].includes(state.status)) {
    return null;
  }
  const { stepMs, hostMs, seen } = observedSteps(state, plan);
  const steps = plan.deploy.steps.map((st) => st.name);
  const stepsMs = steps.map(stepMs);
  let remaining = 0;
  let manual = 0;
  for (let ri = Math.max(0, state.currentRing); ri < plan.rings.length; ri++) {
    const ringPlan = plan.rings[ri];
    const ring = state.rings[ri];
    if (!ringPlan || !ring) {
      continue;
    }
    let deployMs = 0;
    for (let di = 0; di < ringPlan.domains.length; di++) {
      const domain = ring.domains[di];
      if (domain?.status === 'completed') {
        continue;
      }
      const size = ringPlan.domains[di]?.hosts.length ?? 0;
      const lanes = Math.max(1, Math.min(plan.deploy.concurrency, size));
      if (domain?.status === 'pending' && domain.done === 0 && domain.failed === 0) {
        // Not started: every host has every step ahead of it. Counted, not walked, so an
        // estimate per progress line stays O(domains) at any fleet size.
        const work = size * hostMs;
        deployMs += Math.max(work / lanes, work > 0 ? hostMs : 0) / plan.deploy.parallelDomains;
        continue;
      }
      // Walked without building lists: this runs for every progress line of a running domain.
      let work = 0;
      for (const name of ringPlan.domains[di]?.hosts ?? []) {
        const h = state.hosts[name];
        if (h && (h.status === 'pending' || h.status === 'deploying' || h.status === 'in-doubt')) {
          for (let si = 0; si < steps.length; si++) {
            if (!h.completedSteps.includes(steps[si] as string)) {
              work += stepsMs[si] as number;
            }
          }
        }
      }
      // Domains overlap only up to parallelDomains; hosts overlap up to concurrency.
      deployMs += Math.max(work / lanes, work > 0 ? hostMs : 0) / plan.deploy.parallelDomains;
    }
    remaining += deployMs;
    if (ring.status === 'baking' && ring.bakeEndsAt !== null) {
      remaining += Math.max(0, ring.bakeEndsAt - now);
    } else if (ring.status === 'pending' || ring.status === 'deploying') {
      remaining += ringPlan.bakeMs;
    }
    if (
      ringPlan.promotion === 'manual' &&
      ri < plan.rings.length - 1 &&
      ring.status !== 'promoted'
    ) {
      manual++;
    }
  }
  const remainingMs = Math.round(remaining);
  return {
    remainingMs,
    finishAt: now + remainingMs,
    observedSteps: seen,
    manualPromotions: manual,
  };
}

/** Progress of the whole rollout (all rings). */
export function overallProgress(state: RolloutState): Progress {
  let done = 0;
  let failed = 0;
  let total = 0;
  for (const r of state.rings) {
    done += r.done;
    failed += r.failed;
    total += r.total;
  }
  return { done, failed, total };
}
