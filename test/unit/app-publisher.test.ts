import { describe, expect, it } from 'vitest';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { createSnapshotPublisher } from '../../src-main/app/snapshot-publisher';

describe('snapshot publisher', () => {
  it('coalesces a burst of changes into one push and numbers snapshots in order', async () => {
    const pushed: ConsoleSnapshot[] = [];
    const previous: (ConsoleSnapshot | null)[] = [];
    const base = makeFixtureSnapshot({ scenario: 'idle', now: 0 });
    const publisher = createSnapshotPublisher({
      minIntervalMs: 50,
      project: (revision, prev) => {
        previous.push(prev);
        return { ...base, revision };
      },
      emit: (s) => pushed.push(s),
    });
    for (let i = 0; i < 100; i++) {
      publisher.changed();
    }
    await new Promise((r) => setTimeout(r, 120));
    expect(pushed.map((s) => s.revision)).toEqual([1]);
    // Nothing changed since: the same snapshot, no new revision.
    expect(publisher.current()).toBe(pushed[0]);
    publisher.changed();
    const now = publisher.current();
    expect(now.revision).toBe(2);
    expect(previous).toEqual([null, pushed[0]]);
    publisher.close();
    publisher.changed();
    await new Promise((r) => setTimeout(r, 120));
    expect(pushed.map((s) => s.revision)).toEqual([1, 2]);
  });
});
