import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import type { GateOutcome } from '../../src-main/core/rollout';

function bakedCanary(promotion: 'auto' | 'manual'): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [1], promotion, gates: ['errors'] },
      { domains: [1] },
    ]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  h.settle();
  h.passGates();
  return h;
}

function platform(h: Harness, outcome: GateOutcome): void {
  h.must({
    type: 'recordGate',
    ring: null,
    gate: 'k8s-api',
    outcome,
    evidence: { reason: `probe says ${outcome}` },
    final: false,
  });
}

describe('platform gates fail closed', () => {
  it.each(['inconclusive', 'pending'] as const)(
    'a %s platform gate holds auto-promotion until it passes',
    (outcome) => {
      const h = bakedCanary('auto');
      platform(h, outcome);
      h.now += 60_000;
      h.settle();
      expect(h.journal.some((e) => e.type === 'Promoted')).toBe(false);
      expect(h.state.status).toBe('waiting-promotion');
      platform(h, 'pass');
      h.settle();
      expect(h.journal.find((e) => e.type === 'Promoted')).toMatchObject({ by: 'ringside' });
    },
  );

  it('refuses a manual promote on a non-passing platform gate, and says so; an override goes', () => {
    const h = bakedCanary('manual');
    h.now += 60_000;
    h.settle();
    platform(h, 'inconclusive');
    const refused = h.run({ type: 'promote', by: 'bob' });
    expect(refused).toEqual({
      ok: false,
      reason:
        'cannot promote ring canary: platform gates not passing: k8s-api (inconclusive). An override with a written reason is needed',
    });
    h.must({ type: 'promote', by: 'bob', override: { reason: 'API checked by hand' } });
    expect(h.journal.find((e) => e.type === 'Promoted')).toMatchObject({
      by: 'bob',
      override: { reason: 'API checked by hand' },
    });
  });

  it('a platform gate that failed and paused the rollout still blocks after resume', () => {
    const h = bakedCanary('manual');
    h.now += 60_000;
    h.settle();
    platform(h, 'fail');
    expect(h.state.status).toBe('paused');
    h.must({ type: 'resume', by: 'bob', reason: 'looking' });
    expect(h.run({ type: 'promote', by: 'bob' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('platform gates not passing: k8s-api (fail)') as string,
    });
  });
});
