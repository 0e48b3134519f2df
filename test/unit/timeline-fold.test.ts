/**
 * Issue 11 item 6: the timeline of a real rollout (the core's events through the console's
 * timeline feed) folds its gate readings and host steps into per-domain summaries, reads
 * newest first, and lists rings in ring order.
 */
import { describe, expect, it } from 'vitest';
import { createTimelineFeed } from '../../src-main/app/timeline-feed';
import { foldTimeline, ringsInOrder } from '../../src-renderer/components/timeline-rows';
import { fleetPlan, twoRollouts } from '../helpers/two-rollouts';

const { good, bad } = twoRollouts();
const plan = fleetPlan('2.4.0', '2.3.9');
const domainOf = new Map(
  plan.rings.flatMap((r) => r.domains.flatMap((d) => d.hosts.map((h) => [h, d.name] as const))),
);
const feed = createTimelineFeed();
feed.add(good);
const entries = feed.entries();

describe('timeline folding', () => {
  const rows = foldTimeline(entries, (h) => domainOf.get(h) ?? null, 'oldest');

  it('folds host steps into one summary per ring and update domain', () => {
    const steps = entries.filter((e) => e.kind.startsWith('HostStep')).length;
    expect(steps).toBe(240); // 60 hosts x 2 steps, started and succeeded
    expect(rows.length).toBeLessThan(entries.length / 4);
    const folds = rows.flatMap((r) => (r.kind === 'fold' ? [r] : []));
    // One fold per update domain of every ring: 3 domains x 4 rings.
    expect(folds.map((f) => `${f.ring}/${f.domain}`)).toEqual(
      plan.rings.flatMap((r) =>
        r.domains.filter((d) => d.hosts.length > 0).map((d) => `${r.name}/${d.name}`),
      ),
    );
    expect(folds[0]?.summary).toMatch(
      /^canary \/ ud0: 1 host; host step started ×2, host step succeeded ×2$/,
    );
    // Nothing is lost: every entry is a row or inside a fold.
    const shown = rows.reduce((n, r) => n + (r.kind === 'fold' ? r.entries.length : 1), 0);
    expect(shown).toBe(entries.length);
  });

  it('reads newest first by default, folds too', () => {
    const newest = foldTimeline(entries, (h) => domainOf.get(h) ?? null, 'newest');
    expect(newest).toHaveLength(rows.length);
    const at = (r: (typeof rows)[number]) => (r.kind === 'fold' ? r.to : r.entry.at);
    const times = newest.map(at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const fold = newest.find((r) => r.kind === 'fold');
    expect(fold?.kind === 'fold' && fold.entries[0]!.seq > fold.entries.at(-1)!.seq).toBe(true);
  });

  it('keeps failures and the halt as rows of their own; gate readings fold per ring', () => {
    const f = createTimelineFeed();
    f.add(bad);
    const badRows = foldTimeline(f.entries(), (h) => domainOf.get(h) ?? null, 'oldest');
    const kinds = badRows.flatMap((r) => (r.kind === 'entry' ? [r.entry.kind] : []));
    expect(kinds).toContain('RingHalted');
    expect(kinds).toContain('RollbackStarted');
    expect(kinds.filter((k) => k.startsWith('HostStep'))).toEqual([]);
    const gates = [
      {
        seq: 1,
        at: 1,
        kind: 'GateEvaluated',
        by: 'ringside',
        ring: 'canary',
        host: null,
        text: 'a pass',
      },
      {
        seq: 2,
        at: 2,
        kind: 'GateEvaluated',
        by: 'ringside',
        ring: 'canary',
        host: null,
        text: 'b fail',
      },
    ];
    const folded = foldTimeline(gates, () => null, 'newest');
    expect(folded).toHaveLength(1);
    expect(folded[0]?.kind === 'fold' && folded[0].summary).toBe(
      'canary: 2 gate evaluations; last: b fail',
    );
  });

  it('lists rings in ring order, not alphabetically', () => {
    expect(
      ringsInOrder(
        plan.rings.map((r) => r.name),
        entries,
      ),
    ).toEqual(['canary', 'early', 'broad', 'global']);
  });
});
