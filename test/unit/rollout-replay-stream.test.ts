import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { replay, replayStart, replayStep } from '../../src-main/core/rollout';

describe('streaming replay', () => {
  it('equals replay and the live state, event by event, including a halt and rollback', () => {
    const plan = buildPlan([
      { name: 'canary', domains: [2], gates: ['errors'], bakeMs: 10_000 },
      { name: 'broad', domains: [3, 3], maxFailedHosts: 0, rollbackOnHalt: true },
    ]);
    const h = new Harness();
    h.must({ type: 'create', plan, by: 'alice' });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    h.passGates();
    h.now = h.state.rings[0]?.bakeEndsAt ?? 0;
    h.settle();
    h.must({ type: 'promote', by: 'alice' });
    // One failure in broad blows its zero budget: halt, then rollback.
    const victim = plan.rings[1]?.domains[0]?.hosts[1];
    h.settle((host) => (host === victim ? 1 : 0));
    expect(['halted', 'rolling-back', 'rolled-back']).toContain(h.state.status);

    const streamed = h.journal.reduce(replayStep, replayStart());
    expect(streamed).toEqual(h.state);
    expect(streamed).toEqual(replay(h.journal));
    // replayStart hands out a state of its own each time.
    expect(replayStart()).not.toBe(replayStart());
  });
});
