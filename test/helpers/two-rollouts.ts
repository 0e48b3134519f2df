/**
 * The story as journals, for unit tests: 2.4.0 goes through every ring of a 60-host
 * fleet (3 canary hosts, one per update domain), then 2.4.1-bad halts in the canary and is
 * rolled back there. Built with the core's own decide/evolve, so the events are real.
 */
import { Harness, buildPlan } from '../../src-main/core/rollout/fixtures';
import type { RolloutEvent } from '../../src-main/core/rollout';
import type { RolloutPlan } from '../../src-main/core/model/plan';

const rings = [
  { name: 'canary', domains: [1, 1, 1], bakeMs: 0, rollbackOnHalt: true },
  { name: 'early', domains: [2, 2, 2], bakeMs: 0 },
  { name: 'broad', domains: [8, 8, 8], bakeMs: 0 },
  { name: 'global', domains: [9, 9, 9], bakeMs: 0 },
];

/** The plan of one release on the 60-host fleet. */
export function fleetPlan(version: string, previous: string): RolloutPlan {
  return buildPlan(rings, {}, { name: 'web', version, previous });
}

/** 2.4.0 everywhere, then 2.4.1-bad halted and rolled back in the canary. */
export function twoRollouts(start = 1_800_000_000_000): {
  good: RolloutEvent[];
  bad: RolloutEvent[];
  plan: RolloutPlan;
} {
  const g = new Harness(start);
  g.must({ type: 'create', plan: fleetPlan('2.4.0', '2.3.9'), by: 'dana' });
  g.must({ type: 'start', by: 'dana' });
  for (let ring = 0; ring < rings.length - 1; ring++) {
    g.settle();
    g.now += 1_000;
    g.must({ type: 'promote', by: 'dana' });
  }
  g.settle();
  const b = new Harness(g.now + 60_000);
  b.must({ type: 'create', plan: fleetPlan('2.4.1-bad', '2.4.0'), by: 'dana' });
  b.must({ type: 'start', by: 'dana' });
  b.settle();
  b.must({ type: 'halt', ring: 'canary', reason: 'gate error-rate failed', gate: 'error-rate' });
  b.settle();
  return { good: g.journal, bad: b.journal, plan: fleetPlan('2.4.1-bad', '2.4.0') };
}
