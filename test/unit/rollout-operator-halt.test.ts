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
      reason: 'nothing to halt: the rollout is not started',
    });
    expect(operatorActions(h.state, h.now).find((a) => a.id === 'halt')).toMatchObject({
      enabled: false,
      why: 'nothing to halt: the rollout is not started',
    });
    h.must({ type: 'start', by: 'alice' });
    expect(h.run({ type: 'haltRing', by: 'bob', reason: '  ' })).toMatchObject({ ok: false });
    h.must({ type: 'haltRing', by: 'bob', reason: 'stop' });
    expect(h.run({ type: 'haltRing', by: 'bob', reason: 'again' })).toMatchObject({
      ok: false,
      reason: 'nothing to halt: the rollout is halted',
    });
  });

  it('a halt while paused supersedes the pause: resume is refused, and only a written override goes on', () => {
    // Found by the invariants property (seed -1211643248): pause, a gate fails, promote with
    // an override. The pause is not silently kept alive under the halt, and not lost either:
    // the log shows it, and going on needs a decision that names the halt.
    const h = new Harness();
    h.must({
      type: 'create',
      plan: buildPlan([{ name: 'canary', domains: [1], gates: ['latency'] }, { domains: [1] }]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    h.must({ type: 'pause', by: 'alice', reason: 'look at the dashboards' });
    h.must({ type: 'haltRing', by: 'bob', reason: 'error spike' });
    expect(h.state.status).toBe('halted');
    expect(h.run({ type: 'resume', by: 'alice', reason: 'go' })).toEqual({
      ok: false,
      reason: 'a halted rollout cannot resume: roll back, or promote with an override reason',
    });
    expect(h.run({ type: 'promote', by: 'alice' })).toMatchObject({ ok: false });
    h.must({ type: 'promote', by: 'alice', override: { reason: 'known noise' } });
    expect(h.state.status).toBe('running');
    expect(h.state.actions.map((a) => a.action)).toEqual(['create', 'start', 'pause', 'promote']);
  });
});

describe('a gate that halts a ring', () => {
  it('journals its plain-language summary on the halt itself, in the same decision', () => {
    // Seen under load: `run` returned "halted" before the summary's separate append, so the
    // outcome (and a test reading state.rings[0].halt.summary) had a halt without its words.
    const h = new Harness();
    h.must({
      type: 'create',
      plan: buildPlan([{ name: 'canary', domains: [1], gates: ['errors'] }, { domains: [1] }]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    const events = h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'fail',
      evidence: { ratio: 3 },
      final: false,
      summary: 'Ring canary halted at 12:00:05 UTC: errors 3.0% vs 0.5%.',
    });
    expect(events.map((e) => e.type)).toEqual(['GateEvaluated', 'RingHalted']);
    expect(h.state.rings[0]?.halt).toMatchObject({
      gate: 'errors',
      summary: 'Ring canary halted at 12:00:05 UTC: errors 3.0% vs 0.5%.',
    });
  });
});
