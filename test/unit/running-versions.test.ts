import { describe, expect, it } from 'vitest';
import { hostSteps, replay, runningVersions } from '../../src-main/core/rollout';
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
