/**
 * Times a person reads are times of day and durations, not ISO stamps: a promote refused
 * during the bake said "its bake has not elapsed (ends at 2026-11-29T14:03:07.000Z)", and
 * the timeline "Ring canary is baking until 2026-11-29T14:03:07.000Z." (issue 11, item 8).
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { toTimeline } from '../../src-main/core/timeline/project';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('human times', () => {
  it('a promote refused during the bake says how long is left and until when', () => {
    const h = new Harness();
    h.must({
      type: 'create',
      plan: buildPlan([{ domains: [1], bakeMs: 90_000 }, { domains: [1] }]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    expect(h.state.status).toBe('baking');
    h.now += 30_000;
    const refused = h.run({ type: 'promote', by: 'alice' });
    expect(refused.ok).toBe(false);
    const reason = refused.ok ? '' : refused.reason;
    expect(reason).toMatch(/its bake has not elapsed \(1m left, until \d{2}:\d{2}:\d{2} UTC\)/);
    expect(reason).not.toMatch(ISO);
    const bake = toTimeline(h.journal).find((e) => e.kind === 'bake');
    expect(bake?.text).toMatch(/^Ring ring0 is baking for .+, until \d{2}:\d{2}:\d{2} UTC\.$/);
    expect(bake?.text).not.toMatch(ISO);
  });
});
