import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostSteps, replay, runningVersions, stepsByHost } from '../../src-main/core/rollout';
import { movesArb, planArb, simulate } from '../helpers/rollout-moves';
import { twoRollouts } from '../helpers/two-rollouts';

describe('what each host runs now, from the journals', () => {
  const { good, bad } = twoRollouts();

  it('tells the story the issue quotes: 2.4.0 done, 2.4.1-bad rolled back in the canary', () => {
    expect(replay(good).status).toBe('completed');
    const last = replay(bad);
    expect(last.status).toBe('rolled-back');
    const untouched = Object.values(last.hosts).filter((h) => h.status === 'pending');
    // "57 hosts read pending though they run 2.4.0"
    expect(untouched).toHaveLength(57);
  });

  it('reads 2.4.0 on all 60 hosts after 2.4.0 finished and 2.4.1-bad rolled back', () => {
    const running = runningVersions([good, bad]);
    expect(running.size).toBe(60);
    expect(new Set(running.values())).toEqual(new Set(['2.4.0']));
  });

  it('keeps what earlier rollouts left on hosts a later one never reached', () => {
    const onlyBad = runningVersions([bad]);
    // Without the first journal the canary is back on the previous version, the rest on it too.
    expect(new Set(onlyBad.values())).toEqual(new Set(['2.4.0']));
    const running = runningVersions([good]);
    expect(running.get('r0-d0-h0')).toBe('2.4.0');
  });

  it('lists a host’s steps per rollout: deploy then rollback for a canary host', () => {
    const steps = hostSteps(bad, 'r0-d0-h0');
    expect(steps.map((s) => `${s.phase} ${s.step} ${s.outcome}`)).toEqual([
      'deploy install succeeded',
      expect.stringMatching(/^deploy .* succeeded$/),
      ...steps.slice(2).map((s) => `${s.phase} ${s.step} ${s.outcome}`),
    ]);
    expect(steps.some((s) => s.phase === 'rollback')).toBe(true);
    expect(hostSteps(bad, 'r3-d0-h0')).toEqual([]);
  });
});

describe("every host's steps in one pass", () => {
  it('are, host by host, what hostSteps reads for that host (fast-check)', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { journal } = simulate(plan, moves);
        const index = stepsByHost(journal);
        for (const h of plan.hosts) {
          expect(index.get(h.name) ?? []).toEqual(hostSteps(journal, h.name));
        }
      }),
      { numRuns: 200 },
    );
  });
});
