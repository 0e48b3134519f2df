/**
 * A step in doubt remembers the attempt and start its HostStepStarted journaled (what SSM is
 * asked about on resume), and `settleInDoubt` settles only that very step, by the system,
 * with the CommandId: completed moves the host on, retry runs the step again as the next
 * attempt, failed counts toward the budget; anything else is refused.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { failureBudgetLeft } from '../../src-main/core/rollout';

function crashedMidStep(): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([{ domains: [2], maxFailedHosts: 2, maxFailedHostsPerDomain: 1 }], {
      concurrency: 2,
    }),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
  h.now += 5_000;
  h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
  h.must({ type: 'beginHostStep', host: 'r0-d0-h1', step: 'install', phase: 'deploy' });
  h.now += 60_000;
  h.must({ type: 'recover' });
  return h;
}

describe('settleInDoubt', () => {
  it('keeps the attempt and start of the step in doubt', () => {
    const h = crashedMidStep();
    expect(h.state.hosts['r0-d0-h0']?.inDoubt).toEqual({
      step: 'install',
      phase: 'deploy',
      attempt: 1,
      startedAt: 1_700_000_005_000,
    });
  });

  it('completed moves the host on; retry runs the step again as attempt 2; the CommandId is journaled', () => {
    const h = crashedMidStep();
    const done = h.must({
      type: 'settleInDoubt',
      host: 'r0-d0-h0',
      step: 'install',
      phase: 'deploy',
      resolution: 'completed',
      reason: 'the command ran: exit 0',
      ssmCommandId: 'cmd-1',
    });
    expect(done[0]).toMatchObject({
      type: 'InDoubtResolved',
      by: 'ringside',
      resolution: 'completed',
      ssmCommandId: 'cmd-1',
    });
    expect(h.state.hosts['r0-d0-h0']?.completedSteps).toContain('install');
    h.must({
      type: 'settleInDoubt',
      host: 'r0-d0-h1',
      step: 'install',
      phase: 'deploy',
      resolution: 'retry',
      reason: 'never sent',
    });
    const again = h.must({
      type: 'beginHostStep',
      host: 'r0-d0-h1',
      step: 'install',
      phase: 'deploy',
    });
    expect(again[0]).toMatchObject({ type: 'HostStepStarted', attempt: 2 });
  });

  it('failed counts toward the budget, which failureBudgetLeft reports', () => {
    const h = crashedMidStep();
    expect(failureBudgetLeft(h.state, 'r0-d0-h0')).toBe(1);
    h.must({
      type: 'settleInDoubt',
      host: 'r0-d0-h0',
      step: 'install',
      phase: 'deploy',
      resolution: 'failed',
      reason: 'the command ran: exit 3',
    });
    expect(h.state.hosts['r0-d0-h0']?.status).toBe('failed');
    expect(failureBudgetLeft(h.state, 'r0-d0-h1')).toBe(0);
  });

  it('refuses a step that is not the one in doubt', () => {
    const h = crashedMidStep();
    const r = h.run({
      type: 'settleInDoubt',
      host: 'r0-d0-h0',
      step: 'restart',
      phase: 'deploy',
      resolution: 'completed',
      reason: 'x',
    });
    expect(r).toEqual({
      ok: false,
      reason: 'host r0-d0-h0 is not in doubt about deploy step restart (it is in doubt)',
    });
  });
});
