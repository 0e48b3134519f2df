import { useEffect, useMemo, useRef, useState } from 'react';
import type { HostView } from '../../src-main/core/contract';
import { hostStateWords } from '../../src-main/core/words';
import { selectHost } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { colourKey, type ColourBy, type LegendEntry } from './fleet-colours';
import type { HostGroup } from './fleet-groups';
import { paintHostGrid, type GridPaint } from './host-grid-draw';
import { hitIndex, layoutHostGrid, moveInGrid, type GridKey } from './host-grid-layout';

/** CSS colour values of the legend's `var(--x)` entries, read once per theme. */
function resolve(colour: string, style: CSSStyleDeclaration): string {
  const m = /^var\((--[^)]+)\)$/.exec(colour);
  return m?.[1] ? style.getPropertyValue(m[1]).trim() || '#888' : colour;
}

const GRID_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/**
 * Every host as a coloured cell on one <canvas>: no DOM node per host, cells batched by
 * colour, so 10,000 hosts redraw in a few milliseconds. Hosts the search leaves out are
 * faded. Arrow keys move within the grid; hovering shows a host's card.
 */
export function HostGrid(props: {
  groups: readonly HostGroup[];
  hosts: readonly HostView[];
  legend: readonly LegendEntry[];
  colourBy: ColourBy;
  /** Host names the search matches; null = no search. */
  matches: ReadonlySet<string> | null;
}) {
  const { groups, hosts, legend, colourBy, matches } = props;
  const selected = useAppStore((s) => s.selectedHost);
  const theme = useAppStore((s) => s.theme);
  const wrap = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [width, setWidth] = useState(900);
  const painted = useRef<GridPaint | null>(null);
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);

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

  const layout = useMemo(() => layoutHostGrid(groups, width), [groups, width]);
  // Built once per layout (groups keep their reference across snapshots), not per snapshot.
  const indexOf = useMemo(() => new Map(layout.names.map((n, i) => [n, i])), [layout]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) {
      return;
    }
    const style = getComputedStyle(document.documentElement);
    const slot = new Map(legend.map((e, k) => [e.key, k]));
    const slots = new Uint8Array(layout.names.length).fill(legend.length);
    for (const h of hosts) {
      const i = indexOf.get(h.name);
      if (i !== undefined) {
        slots[i] = slot.get(colourKey(h, colourBy)) ?? legend.length;
      }
    }
    painted.current = paintHostGrid(
      el,
      ctx,
      {
        layout,
        colours: [...legend.map((e) => resolve(e.colour, style)), '#888'],
        slots,
        faded: matches,
        selectedAt: selected === null ? -1 : (indexOf.get(selected) ?? -1),
        text: style.getPropertyValue('--text').trim(),
        panel: style.getPropertyValue('--panel').trim() || '#fff',
        dpr: window.devicePixelRatio || 1,
      },
      painted.current,
    );
  }, [layout, indexOf, hosts, legend, colourBy, matches, selected, theme]);

  const hoveredName = hover ? layout.names[hover.i] : undefined;
  const hovered = hoveredName !== undefined ? hosts.find((h) => h.name === hoveredName) : undefined;
  const selectedHost = selected ? hosts.find((h) => h.name === selected) : undefined;
  return (
    <div ref={wrap} className="host-grid-wrap">
      <canvas
        ref={canvas}
        className="host-canvas"
        tabIndex={0}
        role="img"
        aria-label={`Fleet of ${layout.names.length} hosts; arrow keys select a host${selectedHost ? `; selected ${selectedHost.name}, ${selectedHost.ring} / ${selectedHost.domain}, version ${selectedHost.version ?? 'unknown'}` : ''}`}
        data-testid="host-grid"
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const i = hitIndex(layout, e.clientX - box.left, e.clientY - box.top);
          if (i >= 0) {
            selectHost(layout.names[i] ?? null);
          }
        }}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const x = e.clientX - box.left;
          const y = e.clientY - box.top;
          const i = hitIndex(layout, x, y);
          setHover((h) => (i < 0 ? null : h?.i === i ? h : { i, x, y }));
        }}
        onMouseLeave={() => setHover(null)}
        onKeyDown={(e) => {
          if (GRID_KEYS.has(e.key)) {
            e.preventDefault();
            const at = selected === null ? -1 : (indexOf.get(selected) ?? -1);
            const next = moveInGrid(layout, at, e.key as GridKey);
            selectHost(layout.names[next] ?? null);
          } else if (e.key === 'Escape') {
            selectHost(null);
          }
        }}
      />
      {hover && hovered ? (
        <div
          className="host-hover"
          role="tooltip"
          style={{ left: Math.min(hover.x + 12, layout.width - 220), top: hover.y + 14 }}
        >
          <strong>{hovered.name}</strong> · {hovered.version ?? 'version unknown'}
          <br />
          {hovered.ring} / {hovered.domain} · {hostStateWords[hovered.state]}
          {Object.entries(hovered.labels).map(([k, v]) => (
            <span key={k}>
              {' '}
              · {k} {v}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
