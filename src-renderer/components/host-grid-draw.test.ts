import { describe, expect, it } from 'vitest';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { groupHosts } from './fleet-groups';
import { paintHostGrid, type GridPaint } from './host-grid-draw';
import { layoutHostGrid } from './host-grid-layout';

/** A 2D context that counts what was drawn. */
function recorder() {
  const calls = { fillRect: 0, fillText: 0, clearRect: 0, strokeRect: 0 };
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    font: '',
    setTransform: () => undefined,
    fillRect: () => void (calls.fillRect += 1),
    fillText: () => void (calls.fillText += 1),
    clearRect: () => void (calls.clearRect += 1),
    strokeRect: () => void (calls.strokeRect += 1),
  } as unknown as CanvasRenderingContext2D;
  const el = { width: 0, height: 0, style: { height: '' } } as unknown as HTMLCanvasElement;
  return { ctx, el, calls };
}

describe('painting the fleet canvas', () => {
  const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0, hosts: 10_000 });
  const layout = layoutHostGrid(
    groupHosts(snap.rings, snap.hosts, 'domain', () => ''),
    900,
  );
  const base: GridPaint = {
    layout,
    colours: ['#0a0', '#00a', '#888'],
    slots: new Uint8Array(10_000),
    faded: null,
    selectedAt: -1,
    text: '#000',
    panel: '#fff',
    dpr: 1,
  };

  it('paints everything once, then only the cells whose colour changed', () => {
    const { ctx, el, calls } = recorder();
    const painted = paintHostGrid(el, ctx, base, null);
    expect(calls.fillRect).toBe(10_000);
    expect(calls.fillText).toBe(layout.labels.length);
    const slots = base.slots.slice();
    for (let i = 0; i < 100; i += 1) {
      slots[i * 97] = 1;
    }
    const next = paintHostGrid(el, ctx, { ...base, slots }, painted);
    expect(calls.fillRect).toBe(10_100);
    // The same frame again repaints nothing.
    paintHostGrid(el, ctx, { ...next }, next);
    expect(calls.fillRect).toBe(10_100);
    expect(calls.clearRect).toBe(1);
  });

  it('paints everything again when the selection, search or theme changes', () => {
    const { ctx, el, calls } = recorder();
    const painted = paintHostGrid(el, ctx, base, null);
    paintHostGrid(el, ctx, { ...base, selectedAt: 5 }, painted);
    expect(calls.clearRect).toBe(2);
    expect(calls.strokeRect).toBe(1);
    paintHostGrid(el, ctx, { ...base, colours: ['#1b1', '#00a', '#888'] }, painted);
    expect(calls.clearRect).toBe(3);
    paintHostGrid(el, ctx, { ...base, faded: new Set([layout.names[0]!]) }, painted);
    expect(calls.clearRect).toBe(4);
    // Every cell but the one match is faded over its colour.
    expect(calls.fillRect).toBe(4 * 10_000 + 9_999);
  });
});
