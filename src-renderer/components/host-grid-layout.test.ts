import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { groupHosts } from './fleet-groups';
import { cellSizeFor, hitTest, layoutHostGrid, moveInGrid } from './host-grid-layout';

const word = () => 'deploying';

describe('host grid layout', () => {
  it('places every host once, inside the width, and hit-tests back to it', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0, hosts: 10_000 });
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'domain', word), 900);
    expect(layout.names).toHaveLength(10_000);
    expect(new Set(layout.names).size).toBe(10_000);
    for (let i = 0; i < layout.names.length; i += 97) {
      const x = layout.xs[i]!;
      const y = layout.ys[i]!;
      expect(x + layout.cell).toBeLessThanOrEqual(900);
      expect(hitTest(layout, x + 1, y + 1)).toBe(layout.names[i]);
      // The gap between cells is no host.
      expect(hitTest(layout, x + layout.cell, y + 1)).toBeNull();
    }
    expect(hitTest(layout, -5, -5)).toBeNull();
    expect(layout.cell).toBe(cellSizeFor(10_000));
  });
  it('keeps update domains in ring order, canary first', () => {
    const snap = makeFixtureSnapshot({ scenario: 'idle', now: 0 });
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'domain', word), 600);
    expect(layout.labels.filter((l) => l.kind === 'ring').map((l) => l.text.split(' ')[0])).toEqual(
      ['canary', 'early', 'broad', 'global'],
    );
    expect(layout.names[0]).toBe(snap.rings[0]?.domains[0]?.hosts[0]);
  });
});

describe('arrow keys move within the grid', () => {
  const snap = makeFixtureSnapshot({ scenario: 'idle', now: 0 });
  const canary = snap.rings[0]!;
  const global = snap.rings[3]!;
  const first = canary.domains[0]!.hosts[0]!;
  const lastGlobal = global.domains.at(-1)!.hosts.at(-1)!;

  it('never jumps from the first canary host to the last global one (wide grid, one row per domain)', () => {
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'domain', word), 1440);
    const at = layout.names.indexOf(first);
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft'] as const) {
      const to = layout.names[moveInGrid(layout, at, key)];
      expect(to, key).not.toBe(lastGlobal);
    }
    // Down goes to the next block's first column: still the canary ring.
    const down = layout.names[moveInGrid(layout, at, 'ArrowDown')]!;
    expect(snap.hosts.find((h) => h.name === down)?.ring).toBe('canary');
    expect(layout.names[moveInGrid(layout, at, 'ArrowRight')]).toBe(layout.names[at + 1]);
    expect(moveInGrid(layout, at, 'ArrowUp')).toBe(at);
    expect(moveInGrid(layout, at, 'ArrowLeft')).toBe(at);
  });

  it('moves up and down by one row inside a block, keeping the column', () => {
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'ring', word), 100);
    const b = layout.blocks.find((x) => x.count > layout.perRow * 2)!;
    const at = b.start + 1;
    const down = moveInGrid(layout, at, 'ArrowDown');
    expect(down).toBe(at + layout.perRow);
    expect(layout.xs[down]).toBe(layout.xs[at]);
    expect(layout.ys[down]!).toBeGreaterThan(layout.ys[at]!);
    expect(moveInGrid(layout, down, 'ArrowUp')).toBe(at);
  });

  it('goes up from a block’s first row to the last row of the block above, same column or its end', () => {
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'ring', word), 100);
    const second = layout.blocks[1]!;
    const up = moveInGrid(layout, second.start, 'ArrowUp');
    const above = layout.blocks[0]!;
    expect(up).toBeGreaterThanOrEqual(above.start);
    expect(up).toBeLessThan(above.start + above.count);
    expect(layout.ys[up]).toBe(
      Math.max(...layout.ys.slice(above.start, above.start + above.count)),
    );
  });

  it('selects the first host from no selection, Home and End stay in the group', () => {
    const layout = layoutHostGrid(groupHosts(snap.rings, snap.hosts, 'domain', word), 600);
    expect(moveInGrid(layout, -1, 'ArrowDown')).toBe(0);
    const b = layout.blocks.find((x) => x.count >= 3)!;
    expect(moveInGrid(layout, b.start + 1, 'Home')).toBe(b.start);
    expect(moveInGrid(layout, b.start, 'End')).toBe(b.start + b.count - 1);
  });
});
