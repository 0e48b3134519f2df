/**
 * Paints the fleet canvas. A full paint (layout, colours, theme, search or selection changed)
 * sizes the canvas and draws every label and cell, batched by colour; a 1 Hz snapshot that
 * only moves some hosts to another colour repaints just those cells, so 10,000 hosts cost a
 * hundred fillRects per update instead of ten thousand and a reallocated backing store.
 */
import type { GridLayout } from './host-grid-layout';

/** What is on the canvas: enough to tell which cells a new frame must repaint. */
export interface GridPaint {
  readonly layout: GridLayout;
  /** CSS colours by slot; the last one is for hosts with no legend entry. */
  readonly colours: readonly string[];
  /** Colour slot of each cell, in layout order. */
  readonly slots: Uint8Array;
  /** Cells the search leaves out (faded); null = no search. */
  readonly faded: ReadonlySet<string> | null;
  readonly selectedAt: number;
  readonly text: string;
  readonly panel: string;
  readonly dpr: number;
}

function fadeCell(ctx: CanvasRenderingContext2D, p: GridPaint, i: number): void {
  ctx.fillStyle = p.panel;
  ctx.globalAlpha = 0.75;
  ctx.fillRect(p.layout.xs[i] ?? 0, p.layout.ys[i] ?? 0, p.layout.cell, p.layout.cell);
  ctx.globalAlpha = 1;
}

function sameColours(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, k) => c === b[k]);
}

/** Paints `next` over `prev` (null: nothing painted yet); returns what is now on the canvas. */
export function paintHostGrid(
  el: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  next: GridPaint,
  prev: GridPaint | null,
): GridPaint {
  const { layout } = next;
  const partial =
    prev !== null &&
    prev.layout === layout &&
    prev.faded === next.faded &&
    prev.selectedAt === next.selectedAt &&
    prev.text === next.text &&
    prev.panel === next.panel &&
    prev.dpr === next.dpr &&
    sameColours(prev.colours, next.colours);
  if (partial) {
    for (let i = 0; i < next.slots.length; i += 1) {
      const k = next.slots[i] ?? 0;
      if (k !== prev.slots[i]) {
        ctx.fillStyle = next.colours[k] ?? '#888';
        ctx.fillRect(layout.xs[i] ?? 0, layout.ys[i] ?? 0, layout.cell, layout.cell);
        if (next.faded !== null && !next.faded.has(layout.names[i] ?? '')) {
          fadeCell(ctx, next, i);
        }
      }
    }
    return next;
  }
  const w = Math.floor(layout.width * next.dpr);
  const h = Math.floor(layout.height * next.dpr);
  if (el.width !== w || el.height !== h) {
    el.width = w;
    el.height = h;
    el.style.height = `${layout.height}px`;
  }
  ctx.setTransform(next.dpr, 0, 0, next.dpr, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = next.text;
  for (const label of layout.labels) {
    ctx.font = label.kind === 'ring' ? '600 13px system-ui' : '11px system-ui';
    ctx.fillText(label.text, label.x, label.y);
  }
  // fillStyle changes are the expensive part of canvas drawing: one pass per colour.
  for (let k = 0; k < next.colours.length; k += 1) {
    ctx.fillStyle = next.colours[k] ?? '#888';
    for (let i = 0; i < next.slots.length; i += 1) {
      if (next.slots[i] === k) {
        ctx.fillRect(layout.xs[i] ?? 0, layout.ys[i] ?? 0, layout.cell, layout.cell);
      }
    }
  }
  if (next.faded !== null) {
    layout.names.forEach((name, i) => {
      if (!next.faded?.has(name)) {
        fadeCell(ctx, next, i);
      }
    });
  }
  const at = next.selectedAt;
  if (at >= 0) {
    ctx.strokeStyle = next.text;
    ctx.lineWidth = 2;
    ctx.strokeRect(
      (layout.xs[at] ?? 0) - 2,
      (layout.ys[at] ?? 0) - 2,
      layout.cell + 4,
      layout.cell + 4,
    );
  }
  return next;
}
