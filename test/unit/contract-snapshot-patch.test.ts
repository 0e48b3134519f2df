import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applySnapshotPatch,
  diffSnapshot,
  hostStates,
  snapshotDecoder,
  type ConsoleSnapshot,
} from '../../src-main/core/contract';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';

const base = makeFixtureSnapshot({ scenario: 'deploying', now: 1_000, hosts: 200 });

describe('snapshot patches', () => {
  it('diff then apply rebuilds the next snapshot exactly (1,000 random updates)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            index: fc.nat({ max: base.hosts.length - 1 }),
            state: fc.constantFrom(...hostStates),
            line: fc.option(fc.string(), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        (edits) => {
          const hosts = base.hosts.map((h) => ({ ...h, labels: { ...h.labels } }));
          for (const e of edits) {
            const h = hosts[e.index]!;
            hosts[e.index] = {
              ...h,
              state: e.state,
              lastOutput: e.line === undefined ? h.lastOutput : [...h.lastOutput, e.line],
            };
          }
          const next: ConsoleSnapshot = { ...base, revision: base.revision + 1, hosts };
          const patch = diffSnapshot(base, next);
          expect(patch).not.toBeNull();
          expect(patch!.changed.length).toBeLessThanOrEqual(edits.length);
          expect(applySnapshotPatch(base, patch!)).toEqual(next);
        },
      ),
      { numRuns: 1_000 },
    );
  });
  it('keeps unchanged hosts by identity and sends far fewer bytes', () => {
    const big = makeFixtureSnapshot({ scenario: 'deploying', now: 1_000, hosts: 10_000 });
    const hosts = big.hosts.slice();
    hosts[5] = { ...hosts[5]!, state: 'failed' };
    const next = { ...big, revision: 2, hosts };
    const patch = diffSnapshot(big, next)!;
    expect(patch.changed).toEqual([[5, hosts[5]]]);
    expect(JSON.stringify(patch).length * 5).toBeLessThan(JSON.stringify(next).length);
    const rebuilt = applySnapshotPatch(big, patch)!;
    expect(rebuilt.hosts[6]).toBe(big.hosts[6]);
  });
  it('refuses a wrong base and gives up on a different fleet', () => {
    const next = { ...base, revision: 9 };
    const patch = diffSnapshot(base, next)!;
    expect(applySnapshotPatch({ ...base, revision: 0 }, patch)).toBeNull();
    expect(diffSnapshot(base, { ...base, hosts: base.hosts.slice(1) })).toBeNull();
  });

  it('applies a first push to the snapshot the page fetched, and refetches a patch that fits nothing', () => {
    const delivered: ConsoleSnapshot[] = [];
    const warned: string[] = [];
    let fetched: ConsoleSnapshot | null = base;
    let refetched = 0;
    const decode = snapshotDecoder(
      (s) => delivered.push(s),
      async () => {
        refetched += 1;
        return null;
      },
      (line) => warned.push(line),
      () => fetched,
    );
    const hosts = base.hosts.slice();
    hosts[3] = { ...hosts[3]!, state: 'failed' };
    const next = { ...base, revision: base.revision + 1, hosts };
    // Nothing was pushed yet on this connection: the patch is against what was fetched.
    decode({ patch: diffSnapshot(base, next)! });
    expect(delivered.at(-1)).toEqual(next);
    // Later patches follow the pushed ones.
    const after = { ...next, revision: next.revision + 1 };
    decode({ patch: diffSnapshot(next, after)! });
    expect(delivered.at(-1)?.revision).toBe(after.revision);
    // A patch against a snapshot this page never had is refetched, with a warning.
    fetched = null;
    decode({ patch: diffSnapshot({ ...base, revision: 77 }, { ...base, revision: 78 })! });
    expect(warned).toHaveLength(1);
    expect(refetched).toBe(1);
  });
});
