/**
 * Journal checkpoints store the rollout state as JSON and are read back only by a version
 * that writes the same STATE_FORMAT. So the state's shape is pinned here, per format: a
 * change of shape without a new STATE_FORMAT would let an old checkpoint load into code that
 * reads fields it does not have.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STATE_FORMAT, replay } from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';

/** The shape hash of each format; add a line when you bump STATE_FORMAT. */
const PINNED: Record<string, string> = {
  'rollout-state/1': 'fba65f3139fa8c08',
  // HostState.passphraseKey (a host waiting for a key passphrase).
  'rollout-state/2': '4c929d8e589097b9',
  // The same shape; checkpoints store hosts and plan hosts as rows (core/rollout/state-codec.ts).
  'rollout-state/3': '4c929d8e589097b9',
  // RingState.approvalsNeeded and approvals (two-person promotion); plan rings carry approvals.
  'rollout-state/4': '11f9a8e175f6b3ef',
  // HostState.inDoubt carries the attempt and start time in doubt (SSM crash-resume); the
  // shape this fixture reaches (no host in doubt) is unchanged.
  'rollout-state/5': '11f9a8e175f6b3ef',
};

/** Records keyed by names (hosts, gates, timings) collapse to one `*` entry. */
const KEYED = new Set(['hosts', 'gates', 'platformGates', 'timings']);

function shape(v: unknown, keyed = false): string {
  if (Array.isArray(v)) {
    const items = [...new Set(v.map((x) => shape(x)))].sort();
    return `[${items.join('|')}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    if (keyed) {
      const values = [...new Set(entries.map(([, x]) => shape(x)))].sort();
      return `{*:${values.join('|')}}`;
    }
    return `{${entries
      .map(([k, x]) => `${k}:${shape(x, KEYED.has(k))}`)
      .sort()
      .join(',')}}`;
  }
  return v === null ? 'null' : typeof v;
}

describe('STATE_FORMAT', () => {
  it("names the state's shape: change the shape, change the format", () => {
    const h = new Harness();
    h.must({
      type: 'create',
      plan: buildPlan([{ domains: [2], gates: ['errors'] }, { domains: [1] }]),
      by: 'alice',
    });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    const s = shape(replay(h.journal));
    const hash = createHash('sha256').update(s).digest('hex').slice(0, 16);
    expect(
      PINNED[STATE_FORMAT],
      `RolloutState's shape is now ${hash}:\n${s}\nbump STATE_FORMAT in core/rollout/state.ts and pin the new hash here`,
    ).toBe(hash);
  });
});
