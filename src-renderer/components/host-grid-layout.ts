/** Positions of every host cell on the fleet canvas, grouped ring -> update domain. */
import type { RingView } from '../../src-main/core/contract';

export interface GridLabel {
  text: string;
  x: number;
  y: number;
  kind: 'ring' | 'domain';
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
  perRow: number;
}

const RING_LABEL = 22;
const DOMAIN_LABEL = 16;
const PAD = 4;

/** Cells shrink with the fleet so 10,000 hosts fit on a laptop screen. */
export function cellSizeFor(hostCount: number): number {
  return hostCount > 3000 ? 6 : hostCount > 600 ? 9 : 14;
}

export function layoutHostGrid(rings: readonly RingView[], width: number): GridLayout {
  const total = rings.reduce((n, r) => n + r.domains.reduce((m, d) => m + d.hosts.length, 0), 0);
  const cell = cellSizeFor(total);
  const gap = cell > 8 ? 2 : 1;
  const step = cell + gap;
  const perRow = Math.max(1, Math.floor((width - 2 * PAD) / step));
  const names: string[] = [];
  const xs = new Int32Array(total);
  const ys = new Int32Array(total);
  const labels: GridLabel[] = [];
  let y = PAD;
  let i = 0;
  for (const ring of rings) {
    const count = ring.domains.reduce((m, d) => m + d.hosts.length, 0);
    labels.push({
      text: `${ring.name} · ${count} hosts · ${ring.status}`,
      x: PAD,
      y: y + 14,
      kind: 'ring',
    });
    y += RING_LABEL;
    for (const domain of ring.domains) {
      labels.push({
        text: `${domain.name} (${domain.hosts.length})`,
        x: PAD,
        y: y + 11,
        kind: 'domain',
      });
      y += DOMAIN_LABEL;
      domain.hosts.forEach((name, k) => {
        names.push(name);
        xs[i] = PAD + (k % perRow) * step;
        ys[i] = y + Math.floor(k / perRow) * step;
        i += 1;
      });
      y += Math.ceil(domain.hosts.length / perRow) * step + 4;
    }
    y += 6;
  }
  return { cell, gap, width, height: y + PAD, names, xs, ys, labels, perRow };
}

/** The host under (x, y) in CSS pixels, or null. */
export function hitTest(layout: GridLayout, x: number, y: number): string | null {
  for (let i = 0; i < layout.names.length; i += 1) {
    const cx = layout.xs[i] ?? 0;
    const cy = layout.ys[i] ?? 0;
    if (x >= cx && x < cx + layout.cell && y >= cy && y < cy + layout.cell) {
      return layout.names[i] ?? null;
    }
  }
  return null;
}
