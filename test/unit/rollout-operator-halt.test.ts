import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { nextWork, operatorActions, workCommand } from '../../src-main/core/rollout';

function deploying(): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    // rollbackOnHalt: a gate's halt would roll back; a person's halt must not.
    plan: buildPlan([{ name: 'canary', domains: [2, 2], rollbackOnHalt: true }, { domains: [1] }]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  return h;
}

describe('operator halt', () => {
  it('halts the active ring with "halted by NAME: reason", starts no host, rolls nothing back', () => {
    const h = deploying();
    // The first domain's hosts start their install; the second domain has not started.
    for (const item of nextWork(h.state, h.now)) {
      h.must(workCommand(item));
    }
    for (const item of nextWork(h.state, h.now)) {
      h.must(workCommand(item));
    }
    expect(h.state.hosts['r0-d0-h0']?.status).toBe('deploying');
    expect(operatorActions(h.state, h.now).find((a) => a.id === 'halt')).toMatchObject({
      enabled: true,
      why: null,
    });
    const events = h.must({ type: 'haltRing', by: 'bob', reason: 'error spike on dashboards' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'RingHalted',
        ring: 'canary',
        reason: 'halted by bob: error spike on dashboards',
      }),
    ]);
    expect(h.state.status).toBe('halted');
    expect(nextWork(h.state, h.now)).toEqual([]);
    expect(h.journal.some((e) => e.type === 'RollbackStarted')).toBe(false);
    // Rollback stays a separate choice, still offered.
    h.must({ type: 'rollback', by: 'bob', reason: 'undo', scope: 'ring' });
  });

  it('refuses without a reason, twice, or with nothing to halt; the button says why', () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [1] }]), by: 'alice' });
    expect(h.run({ type: 'haltRing', by: 'bob', reason: 'x' })).toEqual({
      ok: false,
      reason: 'nothing to halt: the rollout is created',
    });
    expect(operatorActions(h.state, h.now).find((a) => a.id === 'halt')).toMatchObject({
      enabled: false,
      why: 'nothing to halt: the rollout is created',
    });
    h.must({ type: 'start', by: 'alice' });
    expect(h.run({ type: 'haltRing', by: 'bob', reason: '  ' })).toMatchObject({ ok: false });
    h.must({ type: 'haltRing', by: 'bob', reason: 'stop' });
    expect(h.run({ type: 'haltRing', by: 'bob', reason: 'again' })).toMatchObject({
      ok: false,
      reason: 'nothing to halt: the rollout is halted',
    });
  });
});
