import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import type { StatusView } from '../../src-main/core/rollout/status-view';
import { harnessStatus } from '../helpers/harness-status';
import { operatorActions, replay, type RolloutEvent } from '../../src-main/core/rollout';
import { toTimeline } from '../../src-main/core/timeline/project';
import { projectSnapshot, type ProjectionInput } from '../../src-main/app';
import { ConsoleSnapshotSchema } from '../../src-main/core/contract';

/** A two-ring rollout whose canary needs two approvers, baked and healthy. */
function waitingCanary(approvals = 2, lastRingApprovals = 1): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000, approvals },
      { name: 'broad', domains: [2], gates: [], bakeMs: 0, approvals: lastRingApprovals },
    ]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  h.settle();
  h.passGates();
  h.now = h.state.rings[0]?.bakeEndsAt ?? 0;
  h.must({ type: 'tick' });
  return h;
}

function status(h: Harness): StatusView {
  return harnessStatus(h, { pid: 1, host: 'x', since: '' });
}

const types = (events: readonly RolloutEvent[]) => events.map((e) => e.type);

describe('two-person promotion (core)', () => {
  it('a ring that asks for 2 approvals waits for them; promote alone is refused with the count', () => {
    const h = waitingCanary();
    expect(h.state.status).toBe('waiting-promotion');
    expect(h.state.rings[0]?.status).toBe('healthy');
    expect(h.run({ type: 'promote', by: 'carol' })).toEqual({
      ok: false,
      reason:
        'cannot promote ring canary: it needs 2 approvals, has 0; each approver runs: ringside approve-promotion JOURNAL',
    });
    expect(status(h).waitingFor).toBe('promotion of ring canary: waiting for 2 more approvals');
  });

  it('alice approves, alice again is refused, bob approves and the ring is promoted', () => {
    const h = waitingCanary();
    const t0 = h.now;
    expect(types(h.must({ type: 'approvePromotion', by: 'alice' }))).toEqual(['PromotionApproved']);
    expect(status(h).waitingFor).toBe(
      `promotion of ring canary: waiting for 1 more approval (approved: alice at ${new Date(t0).toISOString().slice(11, 19)} UTC)`,
    );
    expect(h.run({ type: 'promote', by: 'carol' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs 2 approvals, has 1 (alice at '),
    });
    h.now += 60_000;
    const again = h.run({ type: 'approvePromotion', by: 'alice' });
    expect(again).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^alice already approved the promotion of ring canary \(alice at \d\d:\d\d:\d\d UTC\); the next approval must come from someone else$/,
      ),
    });
    const promoted = h.must({ type: 'approvePromotion', by: 'bob', ring: 'canary' });
    expect(types(promoted)).toEqual(['PromotionApproved', 'Promoted', 'RingStarted']);
    expect(promoted[1]).toMatchObject({ by: 'bob', approvedBy: ['alice', 'bob'], next: 'broad' });
    expect(h.state.rings[0]?.approvals.map((a) => a.by)).toEqual(['alice', 'bob']);
    expect(h.state.rings[0]?.status).toBe('promoted');
    // The timeline says who approved and how many were still missing.
    const lines = toTimeline(h.journal)
      .filter((e) => e.kind === 'promotion')
      .map((e) => e.text);
    expect(lines).toEqual([
      'alice approved the promotion of ring canary: 1 of 2 approvals, waiting for 1 more approval.',
      'bob approved the promotion of ring canary: 2 of 2 approvals, enough approvals to promote.',
      'Ring canary promoted; ring broad is next. Approved by alice, bob.',
    ]);
    expect(replay(h.journal)).toEqual(h.state);
  });

  it('an approval for another ring, or for a ring that needs none, is refused', () => {
    const h = waitingCanary();
    expect(h.run({ type: 'approvePromotion', by: 'alice', ring: 'broad' })).toEqual({
      ok: false,
      reason: 'ring broad is not the ring waiting for promotion (ring canary is)',
    });
    const plain = waitingCanary(1);
    expect(plain.run({ type: 'approvePromotion', by: 'alice' })).toEqual({
      ok: false,
      reason: 'ring canary needs no approvals: promote it (ringside promote JOURNAL)',
    });
  });

  it('an override needs that many approvals given with an override reason', () => {
    const h = new Harness();
    h.must({
      type: 'create',
      plan: buildPlan([
        { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000, approvals: 2 },
        { name: 'broad', domains: [1], bakeMs: 0 },
      ]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    // Baking, gate pending: promoting now is an override.
    expect(h.run({ type: 'approvePromotion', by: 'alice' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('An approval with an override reason is needed'),
    });
    h.must({ type: 'approvePromotion', by: 'alice', override: { reason: 'hotfix' } });
    expect(h.run({ type: 'promote', by: 'carol', override: { reason: 'hotfix' } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('given with an override reason'),
    });
    const done = h.must({ type: 'approvePromotion', by: 'bob', override: { reason: 'agreed' } });
    expect(done[1]).toMatchObject({
      type: 'Promoted',
      override: { reason: 'agreed' },
      approvedBy: ['alice', 'bob'],
    });
  });

  it('a last ring that asks for approvals does not complete on its own', () => {
    const h = waitingCanary(1, 2);
    h.must({ type: 'promote', by: 'carol' });
    h.settle();
    h.must({ type: 'tick' });
    expect(h.state.status).toBe('waiting-promotion');
    h.must({ type: 'approvePromotion', by: 'alice' });
    expect(h.state.status).toBe('waiting-promotion');
    expect(types(h.must({ type: 'approvePromotion', by: 'bob' }))).toEqual([
      'PromotionApproved',
      'Promoted',
      'RolloutCompleted',
    ]);
  });

  it("the console's Promote button says why it is disabled", () => {
    const h = waitingCanary();
    h.must({ type: 'approvePromotion', by: 'alice' });
    const promote = operatorActions(h.state, h.now).find((a) => a.id === 'promote');
    expect(promote).toMatchObject({ enabled: false, requiresOverride: false });
    expect(promote?.why).toContain('needs 2 approvals, has 1 (alice at ');
    expect(status(h).rings[0]).toMatchObject({
      approvals: { needed: 2, by: [{ by: 'alice', at: new Date(h.now).toISOString() }] },
    });
  });
});

describe('two-person promotion on the console snapshot', () => {
  it("the ring card's view lists approvers and what is missing, then nothing once promoted", () => {
    const h = waitingCanary();
    h.must({ type: 'approvePromotion', by: 'alice' });
    const plan = h.state.plan;
    if (plan === null) {
      throw new Error('no plan');
    }
    const input = (): ProjectionInput => ({
      now: h.now,
      revision: 1,
      workspace: { name: 'test', source: { kind: 'demo' }, release: plan.release },
      plan,
      document: null,
      state: h.state,
      haltEvents: [],
      timeline: [],
      output: new Map(),
      keyType: () => 'ssh-ed25519',
      connections: { identities: [], knownHosts: [], prometheusUrls: [], cloudAccounts: [] },
      previous: null,
    });
    const waiting = projectSnapshot(input());
    expect(ConsoleSnapshotSchema.parse(waiting)).toBeTruthy();
    expect(waiting.rings[0]?.approvals).toEqual({
      needed: 2,
      by: [{ by: 'alice', at: h.now, override: null }],
      waiting: 'waiting for 1 more approval',
    });
    expect(waiting.rings[1]?.approvals).toBeNull();
    h.must({ type: 'approvePromotion', by: 'bob' });
    expect(projectSnapshot(input()).rings[0]?.approvals).toMatchObject({
      by: [{ by: 'alice' }, { by: 'bob' }],
      waiting: null,
    });
  });
});
