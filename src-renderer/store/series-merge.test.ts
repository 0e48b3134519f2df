import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { mergePoints, rolloutKey } from './series-merge';

const pts = (...ts: number[]) => ts.map((t) => ({ t, v: t / 10 }));

describe('mergePoints', () => {
  it('appends newer points and keeps only the newest max', () => {
    expect(mergePoints(pts(1, 2), pts(3, 4), 3)).toEqual(pts(2, 3, 4));
  });
  it('orders late points by time and keeps one point per timestamp, the later value', () => {
    const merged = mergePoints(pts(1, 3, 5), [...pts(2, 4), { t: 5, v: 99 }], 10);
    expect(merged.map((p) => p.t)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.at(-1)?.v).toBe(99);
  });
});

describe('rolloutKey', () => {
  it('changes when another rollout starts or another workspace opens, not with progress', () => {
    const now = Date.UTC(2026, 10, 26, 8);
    const a = makeFixtureSnapshot({ scenario: 'deploying', now });
    const later = { ...a, revision: a.revision + 5, generatedAt: now + 60_000 };
    const next = { ...a, rollout: { ...a.rollout, startedAt: now + 120_000 } };
    const other = { ...a, workspace: a.workspace && { ...a.workspace, name: 'other' } };
    expect(rolloutKey(later)).toBe(rolloutKey(a));
    expect(rolloutKey(next)).not.toBe(rolloutKey(a));
    expect(rolloutKey(other)).not.toBe(rolloutKey(a));
    expect(rolloutKey(null)).toBeNull();
  });
});
