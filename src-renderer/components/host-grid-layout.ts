/**
 * Positions of every host cell on the fleet canvas, group by group (see fleet-groups.ts), and
 * the geometry that hit-testing and arrow keys use: each group is a block of rows, so a
 * point or a move is answered per block in O(groups), never by scanning 10,000 cells.
 */
import type { HostGroup } from './fleet-groups';

export interface GridLabel {
  text: string;
  x: number;
  y: number;
  kind: 'ring' | 'domain';
}

/** One group's cells: `count` hosts from index `start`, `perRow` to a row, from (x0, y0). */
export interface GridBlock {
  start: number;
  count: number;
  x0: number;
  y0: number;
}

export interface GridLayout {
  cell: number;
  gap: number;
  width: number;
  height: number;
  /** Host names in drawing order; index i is drawn at (xs[i], ys[i]). */
  names: string[];
  xs: Int32Array;
  ys: Int32Array;
  labels: GridLabel[];
  blocks: GridBlock[];
  perRow: number;
}

const HEADING = 22;
const TITLE = 16;
const PAD = 4;

/** Cells shrink with the fleet so 10,000 hosts fit on a laptop screen. */
export function cellSizeFor(hostCount: number): number {
  return hostCount > 3000 ? 6 : hostCount > 600 ? 9 : 14;
}

export function layoutHostGrid(groups: readonly HostGroup[], width: number): GridLayout {
  const total = groups.reduce((n, g) => n + g.hosts.length, 0);
  const cell = cellSizeFor(total);
  const gap = cell > 8 ? 2 : 1;
  const step = cell + gap;
  const perRow = Math.max(1, Math.floor((width - 2 * PAD) / step));
  const names: string[] = [];
  const xs = new Int32Array(total);
  const ys = new Int32Array(total);
  const labels: GridLabel[] = [];
  const blocks: GridBlock[] = [];
  let y = PAD;
  let i = 0;
  let heading: string | null = null;
  for (const g of groups) {
    if (g.heading !== null && g.heading !== heading) {
      y += blocks.length > 0 ? 6 : 0;
      labels.push({ text: g.heading, x: PAD, y: y + 14, kind: 'ring' });
      y += HEADING;
    }
    heading = g.heading;
    const kind = g.heading === null ? 'ring' : 'domain';
    labels.push({ text: g.title, x: PAD, y: y + (kind === 'ring' ? 14 : 11), kind });
    y += kind === 'ring' ? HEADING : TITLE;
    blocks.push({ start: i, count: g.hosts.length, x0: PAD, y0: y });
    g.hosts.forEach((name, k) => {
      names.push(name);
      xs[i] = PAD + (k % perRow) * step;
      ys[i] = y + Math.floor(k / perRow) * step;
      i += 1;
    });
    y += Math.ceil(g.hosts.length / perRow) * step + (kind === 'ring' ? 10 : 4);
  }
  return { cell, gap, width, height: y + PAD, names, xs, ys, labels, blocks, perRow };
}

/** Index of the host under (x, y) in CSS pixels, or -1. */
export function hitIndex(layout: GridLayout, x: number, y: number): number {
  const step = layout.cell + layout.gap;
  for (const b of layout.blocks) {
    const rows = Math.ceil(b.count / layout.perRow);
    if (y < b.y0 || y >= b.y0 + rows * step || x < b.x0) {
      continue;
    }
    const col = Math.floor((x - b.x0) / step);
    const row = Math.floor((y - b.y0) / step);
    const k = row * layout.perRow + col;
    const inCell = x - b.x0 - col * step < layout.cell && y - b.y0 - row * step < layout.cell;
    return col < layout.perRow && k < b.count && inCell ? b.start + k : -1;
  }
  return -1;
}

/** The host under (x, y) in CSS pixels, or null. */
export function hitTest(layout: GridLayout, x: number, y: number): string | null {
  const i = hitIndex(layout, x, y);
  return i < 0 ? null : (layout.names[i] ?? null);
}

export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * Where an arrow key moves the selection, as the eye reads the grid: left and right along
 * the row (on into the next or previous group), up and down to the cell above or below in
 * the same column — in the next or previous group when this one has no row there, never
 * jumping across the fleet. Home and End go to the first and last host of the group.
 * From no selection (-1) any key selects the first host.
 */
export function moveInGrid(layout: GridLayout, at: number, key: GridKey): number {
  const last = layout.names.length - 1;
  if (last < 0) {
    return -1;
  }
  if (at < 0 || at > last) {
    return 0;
  }
  const bi = layout.blocks.findIndex((b) => at >= b.start && at < b.start + b.count);
  const b = layout.blocks[bi];
  if (!b) {
    return at;
  }
  const k = at - b.start;
  const col = k % layout.perRow;
  const row = Math.floor(k / layout.perRow);
  const rowsOf = (x: GridBlock) => Math.ceil(x.count / layout.perRow);
  switch (key) {
    case 'ArrowRight':
      return Math.min(last, at + 1);
    case 'ArrowLeft':
      return Math.max(0, at - 1);
    case 'Home':
      return b.start;
    case 'End':
      return b.start + b.count - 1;
    case 'ArrowDown': {
      if (row + 1 < rowsOf(b)) {
        return b.start + Math.min(b.count - 1, k + layout.perRow);
      }
      const next = layout.blocks.slice(bi + 1).find((x) => x.count > 0);
      return next ? next.start + Math.min(next.count - 1, col) : at;
    }
    case 'ArrowUp': {
      if (row > 0) {
        return at - layout.perRow;
      }
      const prev = layout.blocks
        .slice(0, bi)
        .reverse()
        .find((x) => x.count > 0);
      if (!prev) {
        return at;
      }
      const lastRow = rowsOf(prev) - 1;
      return prev.start + Math.min(prev.count - 1, lastRow * layout.perRow + col);
    }
    default: {
      const never: never = key;
      return never;
    }
  }
}
