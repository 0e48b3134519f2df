/**
 * Progress bookkeeping that counts instead of walking hosts (at 10,000 hosts, a walk per
 * event made a rehearsal quadratic in its domains' size):
 * - the ETA on every progress line counts domains that have not started; the walking
 *   estimate stays here as the reference, and on random rollouts both agree exactly;
 * - a domain completes when its counters say its last host settled (then confirmed by a
 *   walk), so the counters must never undercount settled hosts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eta, type RolloutState } from '../../src-main/core/rollout';
import { domainHosts } from '../../src-main/core/rollout/rules';
import { observedSteps } from '../../src-main/core/rollout/eta';
import { movesArb, planArb, simulate } from '../helpers/rollout-moves';

/** The estimate as it was: every unfinished domain's hosts walked one by one. */
function walkingRemainingMs(state: RolloutState, now: number): number | null {
  const plan = state.plan;
  if (!plan || !['running', 'baking', 'waiting-promotion', 'paused'].includes(state.status)) {
    return null;
  }
  const { stepMs, hostMs } = observedSteps(state, plan);
  let remaining = 0;
  for (let ri = Math.max(0, state.currentRing); ri < plan.rings.length; ri++) {
    const ringPlan = plan.rings[ri];
    const ring = state.rings[ri];
    if (!ringPlan || !ring) {
      continue;
    }
    for (let di = 0; di < ringPlan.domains.length; di++) {
      if (ring.domains[di]?.status === 'completed') {
        continue;
      }
      const hosts = domainHosts(state, ri, di);
      let work = 0;
      for (const h of hosts) {
        if (h.status === 'pending' || h.status === 'deploying' || h.status === 'in-doubt') {
          const left = plan.deploy.steps.filter((st) => !h.completedSteps.includes(st.name));
          work += left.reduce((n, st) => n + stepMs(st.name), 0);
        }
      }
      const lanes = Math.max(1, Math.min(plan.deploy.concurrency, hosts.length));
      remaining += Math.max(work / lanes, work > 0 ? hostMs : 0) / plan.deploy.parallelDomains;
    }
    if (ring.status === 'baking' && ring.bakeEndsAt !== null) {
      remaining += Math.max(0, ring.bakeEndsAt - now);
    } else if (ring.status === 'pending' || ring.status === 'deploying') {
      remaining += ringPlan.bakeMs;
    }
  }
  return Math.round(remaining);
}

describe('eta', () => {
  it('counting domains that have not started gives what walking their hosts gives', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { trace, state } = simulate(plan, moves);
        for (const s of [...trace.map((t) => t.before), state]) {
          const now = 2_000_000;
          expect(eta(s, now)?.remainingMs ?? null).toBe(walkingRemainingMs(s, now));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('domain counters', () => {
  it('never undercount the hosts that settled (done or failed): a domain completes on them', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { trace, state } = simulate(plan, moves);
        for (const s of [...trace.map((t) => t.before), state]) {
          for (const [ri, ring] of s.rings.entries()) {
            for (const [di, d] of ring.domains.entries()) {
              const hosts = domainHosts(s, ri, di);
              const settled = hosts.filter((h) => h.status === 'done' || h.status === 'failed');
              expect(d.done + d.failed).toBeGreaterThanOrEqual(settled.length);
              expect(d.total).toBe(hosts.length);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
