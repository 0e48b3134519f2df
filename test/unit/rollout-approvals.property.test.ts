import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import {
  SYSTEM_ACTOR,
  replay,
  systemActorEventTypes,
  type RolloutEvent,
} from '../../src-main/core/rollout';
import { RUNS, movesArb, planArb, simulate } from '../helpers/rollout-moves';

const people = ['alice', 'bob', 'carol', 'dave', 'erin'];

type Move =
  | { kind: 'approve'; by: string; override: boolean }
  | { kind: 'promote'; by: string; override: boolean }
  | { kind: 'bakeEnds' };

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  fc.record({
    kind: fc.constant('approve' as const),
    by: fc.constantFrom(...people),
    override: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('promote' as const),
    by: fc.constantFrom(...people),
    override: fc.boolean(),
  }),
  fc.constant({ kind: 'bakeEnds' as const }),
);

/** The canary, deployed and baking; it needs `n` approvals. */
function baking(n: number): Harness {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [1, 1], gates: ['errors'], bakeMs: 10_000, approvals: n },
      { name: 'broad', domains: [2], bakeMs: 0 },
    ]),
    by: 'lead',
  });
  h.must({ type: 'start', by: 'lead' });
  h.settle();
  return h;
}

describe('two-person promotion: invariants (fast-check)', () => {
  it('never promotes with fewer than N distinct approvers; always promotes once N distinct approved a promotable ring', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(moveArb, { maxLength: 30 }),
        (n, moves) => {
          const h = baking(n);
          for (const m of moves) {
            h.now += 1_000;
            const before = h.state.rings[0];
            if (m.kind === 'bakeEnds') {
              if (before?.status === 'baking') {
                h.passGates();
                h.now = Math.max(h.now, before.bakeEndsAt ?? h.now);
                h.must({ type: 'tick' });
              }
              continue;
            }
            const override = m.override ? { override: { reason: 'because' } } : {};
            const d =
              m.kind === 'approve'
                ? h.run({ type: 'approvePromotion', by: m.by, ...override })
                : h.run({ type: 'promote', by: m.by, ...override });
            const ring = h.state.rings[0];
            if (
              m.kind === 'approve' &&
              d.ok &&
              before?.status === 'healthy' &&
              new Set([...(before.approvals.map((a) => a.by) ?? []), m.by]).size >= n
            ) {
              // N distinct people approved a ring that needed no override: it moved on.
              expect(ring?.status).toBe('promoted');
            }
          }
          // Whatever happened, every promotion of the canary had N distinct approvers before it.
          const approvers = new Set<string>();
          const overriders = new Set<string>();
          for (const e of h.journal as RolloutEvent[]) {
            if (e.type === 'PromotionApproved' && e.ring === 'canary') {
              expect(approvers.has(e.by)).toBe(false); // each person once
              approvers.add(e.by);
              if (e.override) {
                overriders.add(e.by);
              }
            }
            if (e.type === 'Promoted' && e.ring === 'canary') {
              expect(approvers.size).toBeGreaterThanOrEqual(n);
              expect(new Set(e.approvedBy).size).toBeGreaterThanOrEqual(n);
              expect(e.approvedBy?.every((p) => approvers.has(p))).toBe(true);
              if (e.override) {
                expect(e.approvedBy?.every((p) => overriders.has(p))).toBe(true);
              }
            }
          }
          expect(replay(h.journal)).toEqual(h.state);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('who the core journals as ringside (fast-check)', () => {
  it('only the event types the team database accepts from the system actor', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { journal } = simulate(plan, moves);
        for (const e of journal) {
          if ('by' in e && e.by === SYSTEM_ACTOR) {
            expect(systemActorEventTypes).toContain(e.type);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
