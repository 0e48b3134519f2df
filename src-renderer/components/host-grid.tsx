import { useEffect, useMemo, useRef, useState } from 'react';
import { hostStates, type HostState } from '../../src-main/core/contract';
import { selectHost } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { hitTest, layoutHostGrid } from './host-grid-layout';

function readColours(): Record<HostState, string> {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(
    hostStates.map((s) => [s, style.getPropertyValue(`--st-${s}`).trim() || '#888']),
  ) as Record<HostState, string>;
}

/**
 * Every host as a coloured cell on one <canvas>: one draw call per host, no DOM node per
 * host, so 10,000 hosts redraw in a few milliseconds. Arrow keys move the selection.
 */
export function HostGrid() {
  const rings = useAppStore((s) => s.snapshot?.rings);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const selected = useAppStore((s) => s.selectedHost);
  const theme = useAppStore((s) => s.theme);
  const wrap = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [width, setWidth] = useState(900);

  useEffect(() => {
    const el = wrap.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 900);
      if (w > 0) {
        setWidth(w);
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const layout = useMemo(() => layoutHostGrid(rings ?? [], width), [rings, width]);
  const stateOf = useMemo(() => new Map((hosts ?? []).map((h) => [h.name, h.state])), [hosts]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) {
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.floor(layout.width * dpr);
    el.height = Math.floor(layout.height * dpr);
    el.style.height = `${layout.height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    const colours = readColours();
    const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim();
    for (const label of layout.labels) {
      ctx.fillStyle = text;
      ctx.font = label.kind === 'ring' ? '600 13px system-ui' : '11px system-ui';
      ctx.fillText(label.text, label.x, label.y);
    }
    // Batch by colour: fillStyle changes are the expensive part of canvas drawing.
    for (const state of hostStates) {
      ctx.fillStyle = colours[state];
      for (let i = 0; i < layout.names.length; i += 1) {
        if ((stateOf.get(layout.names[i] ?? '') ?? 'pending') === state) {
          ctx.fillRect(layout.xs[i] ?? 0, layout.ys[i] ?? 0, layout.cell, layout.cell);
        }
      }
    }
    const at = selected === null ? -1 : layout.names.indexOf(selected);
    if (at >= 0) {
      ctx.strokeStyle = text;
      ctx.lineWidth = 2;
      ctx.strokeRect(
        (layout.xs[at] ?? 0) - 2,
        (layout.ys[at] ?? 0) - 2,
        layout.cell + 4,
        layout.cell + 4,
      );
    }
  }, [layout, stateOf, selected, theme]);

  const move = (delta: number) => {
    const at = selected === null ? -1 : layout.names.indexOf(selected);
    const next = Math.min(layout.names.length - 1, Math.max(0, at + delta));
    selectHost(layout.names[next] ?? null);
  };

  return (
    <div ref={wrap}>
      <canvas
        ref={canvas}
        className="host-canvas"
        tabIndex={0}
        role="img"
        aria-label={`Fleet of ${layout.names.length} hosts by ring and update domain; arrow keys select a host${selected ? `; selected ${selected}` : ''}`}
        data-testid="host-grid"
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const name = hitTest(layout, e.clientX - box.left, e.clientY - box.top);
          if (name) {
            selectHost(name);
          }
        }}
        onKeyDown={(e) => {
          const deltas: Record<string, number> = {
            ArrowRight: 1,
            ArrowLeft: -1,
            ArrowDown: layout.perRow,
            ArrowUp: -layout.perRow,
          };
          const d = deltas[e.key];
          if (d !== undefined) {
            e.preventDefault();
            move(d);
          } else if (e.key === 'Escape') {
            selectHost(null);
          }
        }}
      />
    </div>
  );
}
