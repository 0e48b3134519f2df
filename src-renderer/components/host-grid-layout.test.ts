import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { cellSizeFor, hitTest, layoutHostGrid } from './host-grid-layout';

describe('host grid layout', () => {
  it('places every host once, inside the width, and hit-tests back to it', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0, hosts: 10_000 });
    const layout = layoutHostGrid(snap.rings, 900);
    expect(layout.names).toHaveLength(10_000);
    expect(new Set(layout.names).size).toBe(10_000);
    for (let i = 0; i < layout.names.length; i += 97) {
      const x = layout.xs[i]!;
      const y = layout.ys[i]!;
      expect(x + layout.cell).toBeLessThanOrEqual(900);
      expect(hitTest(layout, x + 1, y + 1)).toBe(layout.names[i]);
    }
    expect(hitTest(layout, -5, -5)).toBeNull();
    expect(layout.cell).toBe(cellSizeFor(10_000));
  });
  it('keeps update domains in ring order, canary first', () => {
    const snap = makeFixtureSnapshot({ scenario: 'idle', now: 0 });
    const layout = layoutHostGrid(snap.rings, 600);
    expect(layout.labels.filter((l) => l.kind === 'ring').map((l) => l.text.split(' ')[0])).toEqual(
      ['canary', 'early', 'broad', 'global'],
    );
    expect(layout.names[0]).toBe(snap.rings[0]?.domains[0]?.hosts[0]);
  });
});
