/**
 * A live metric chart's body, memoised on its inputs: lines per ring, the baseline's band,
 * gate limits, labelled rollout moments, axes and grid, a tooltip in the metric's unit that
 * follows the pointer (or ← / → on a focused chart), and drag across the plot to zoom every
 * chart (as in Grafana). Drawn on recharts' `Surface` from the plot's own scales
 * (chart-plot.tsx): recharts' chart store recomputed every axis, tick and tooltip of a chart
 * on each second's samples, and that alone made frames of 50–80 ms with five charts.
 */
import {
  memo,
  useCallback,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { Layer, Surface } from 'recharts';
import type { ChartMarker } from '../../src-main/core/timeline/chart-markers';
import { setZoom } from '../store/actions';
import { ChartBand } from './chart-band';
import { BAND_NAME, formatChartValue, valueAxis } from './chart-format';
import { MAX_DRAWN, type DrawnLine } from './chart-lines';
import { ChartMoments, ChartPaths } from './chart-paths';
import { PlotProvider, usePlotOf, useWidth, type Plot } from './chart-plot';
import { ChartTooltip } from './chart-tooltip';
import { chartRows, TIME_KEY, type ChartRow } from './chart-rows';
import type { BandPoint } from './chart-smoothing';
import { formatClock } from './format';

/** The chart's height in pixels (its width follows its panel). */
const HEIGHT = 260;

/** A gate limit drawn across the chart, labelled under its right end (inside the plot). */
export interface Limit {
  gate: string;
  y: number;
  label: string;
}

/** A rollout moment placed on one of three label rows, so close labels stay readable. */
export interface PlacedMarker {
  readonly key: string;
  readonly marker: ChartMarker;
  readonly row: number;
  /** The label ends at its line (near the right edge) instead of starting there. */
  readonly end: boolean;
}

/**
 * Zoom by keyboard on a focused chart, as drag does with the mouse: `+` to the middle half,
 * `-` out to twice the span, Shift+← / Shift+→ pan by a quarter, Esc or `0` back out. Plain
 * arrows step the tooltip from sample to sample (see {@link stepRow}).
 * Returns the new range, null to reset, or undefined for a key that is not a zoom key.
 */
export function keyZoom(
  e: { key: string; shiftKey: boolean },
  domain: readonly number[],
): { from: number; to: number } | null | undefined {
  const from = domain[0];
  const to = domain[1];
  if (e.key === 'Escape' || e.key === '0') {
    return null;
  }
  if (from === undefined || to === undefined || !(to > from)) {
    return undefined;
  }
  const span = to - from;
  const mid = from + span / 2;
  switch (e.key) {
    case '+':
    case '=':
      return { from: mid - span / 4, to: mid + span / 4 };
    case '-':
    case '_':
      return { from: mid - span, to: mid + span };
    case 'ArrowLeft':
      return e.shiftKey ? { from: from - span / 4, to: to - span / 4 } : undefined;
    case 'ArrowRight':
      return e.shiftKey ? { from: from + span / 4, to: to + span / 4 } : undefined;
    default:
      return undefined;
  }
}

/** The index of the row nearest to `t` in `rows` (ordered by time), or -1 without rows. */
export function nearestRow(rows: readonly ChartRow[], t: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) {
    return -1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid]?.[TIME_KEY] ?? 0) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const before = rows[lo - 1]?.[TIME_KEY];
  const after = rows[lo]?.[TIME_KEY] ?? 0;
  return before !== undefined && t - before < after - t ? lo - 1 : lo;
}

/**
 * ← / → on a focused chart: the time of the previous or next sample row from `at` (the
 * newest one when nothing is pointed at yet), or undefined for any other key.
 */
export function stepRow(
  key: string,
  rows: readonly ChartRow[],
  at: number | null,
): number | undefined {
  if ((key !== 'ArrowLeft' && key !== 'ArrowRight') || rows.length === 0) {
    return undefined;
  }
  const last = rows.length - 1;
  const i = at === null ? last + (key === 'ArrowLeft' ? 1 : 0) : nearestRow(rows, at);
  const next = Math.min(last, Math.max(0, i + (key === 'ArrowLeft' ? -1 : 1)));
  return rows[next]?.[TIME_KEY];
}

/** Grid, axes and limits: what changes only when the window, the size or the axis does. */
const ChartFrame = memo(function ChartFrame(props: {
  plot: Plot;
  ticks: readonly number[];
  valueTicks: readonly number[];
  limits: readonly Limit[];
  formatValue: (v: number) => string;
}) {
  const { x, y, plot } = props.plot;
  const bottom = plot.y + plot.height;
  const right = plot.x + plot.width;
  return (
    <Layer className="chart-frame">
      <g className="chart-grid" stroke="var(--border)" strokeDasharray="3 3">
        {props.valueTicks.map((v) => (
          <line key={`v${v}`} x1={plot.x} x2={right} y1={y(v)} y2={y(v)} />
        ))}
        {props.ticks.map((t) => (
          <line key={`t${t}`} x1={x(t)} x2={x(t)} y1={plot.y} y2={bottom} />
        ))}
      </g>
      <g className="chart-axis" fill="var(--muted)" fontSize={12}>
        <line x1={plot.x} x2={right} y1={bottom} y2={bottom} stroke="var(--muted)" />
        <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} stroke="var(--muted)" />
        {props.ticks.map((t) => (
          <text key={t} x={x(t)} y={bottom + 18} textAnchor="middle">
            {formatClock(t)}
          </text>
        ))}
        {props.valueTicks.map((v) => (
          <text key={v} x={plot.x - 6} y={y(v) + 4} textAnchor="end">
            {props.formatValue(v)}
          </text>
        ))}
      </g>
      {props.limits.map((th) => (
        <g key={th.gate} className="chart-limit">
          <line
            x1={plot.x}
            x2={right}
            y1={y(th.y)}
            y2={y(th.y)}
            stroke="var(--danger)"
            strokeDasharray="4 4"
          />
          <text x={right - 4} y={y(th.y) + 13} textAnchor="end" fill="var(--danger)" fontSize={11}>
            {th.label}
          </text>
        </g>
      ))}
    </Layer>
  );
});

export const ChartBody = memo(function ChartBody(props: {
  lines: readonly DrawnLine[];
  /** The baseline's spread, or null when it is not drawn. */
  band: readonly BandPoint[] | null;
  ticks: readonly number[];
  /** The time axis [from, to]: the samples' and the moments' span. */
  domain: readonly number[];
  limits: readonly Limit[];
  markers: readonly PlacedMarker[];
  unit: string;
  /** What the chart shows, for a screen reader (the surface's name). */
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const formatValue = useMemo(() => (v: number) => formatChartValue(v, props.unit), [props.unit]);
  // The value axis covers every drawn sample and every gate limit.
  const axis = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const l of props.lines) {
      for (const p of l.points) {
        lo = p.v < lo ? p.v : lo;
        hi = p.v > hi ? p.v : hi;
      }
    }
    for (const th of props.limits) {
      lo = Math.min(lo, th.y);
      hi = Math.max(hi, th.y);
    }
    return valueAxis(lo, hi);
  }, [props.lines, props.limits]);
  const plot = usePlotOf(width, HEIGHT, props.domain, axis.domain);
  // The time under the pointer (or chosen by ← / →), and the range being dragged.
  const [pointer, setPointer] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  // The table the tooltip reads, built only while someone points at the chart.
  const pointing = pointer !== null;
  const rows = useMemo(
    () => (pointing ? chartRows(props.lines, MAX_DRAWN) : []),
    [pointing, props.lines],
  );
  const hovered = pointer === null ? undefined : rows[nearestRow(rows, pointer)];
  const timeOf = (e: MouseEvent<SVGElement>): number | null => {
    if (plot === null) {
      return null;
    }
    const left = e.currentTarget.getBoundingClientRect().left;
    const px = Math.min(plot.plot.x + plot.plot.width, Math.max(plot.plot.x, e.clientX - left));
    return plot.timeAt(px);
  };
  const onMouseMove = (e: MouseEvent<SVGElement>) => {
    const t = timeOf(e);
    setPointer(t);
    if (drag !== null && t !== null && t !== drag.to) {
      setDrag({ from: drag.from, to: t });
    }
  };
  const onMouseDown = (e: MouseEvent<SVGElement>) => {
    const t = timeOf(e);
    setDrag(t === null ? null : { from: t, to: t });
  };
  const onMouseUp = () => {
    if (drag !== null && drag.from !== drag.to) {
      setZoom(drag);
    }
    setDrag(null);
  };
  const onMouseLeave = () => {
    setPointer(null);
    setDrag(null);
  };
  const domain = props.domain;
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      const range = keyZoom(e, domain);
      if (range !== undefined) {
        e.preventDefault();
        setZoom(range);
        return;
      }
      if (!e.shiftKey) {
        const t = stepRow(e.key, chartRows(props.lines, MAX_DRAWN), pointer);
        if (t !== undefined) {
          e.preventDefault();
          setPointer(t);
        }
      }
    },
    [domain, props.lines, pointer],
  );
  const hoveredAt = hovered?.[TIME_KEY];
  const tipLeft = plot !== null && hoveredAt !== undefined ? plot.x(hoveredAt) : null;
  return (
    <div className="chart-keys" ref={box}>
      {plot === null ? (
        <div style={{ height: HEIGHT }} />
      ) : (
        <PlotProvider value={plot}>
          <Surface
            width={plot.width}
            height={HEIGHT}
            className="chart-surface"
            tabIndex={0}
            role="application"
            aria-label={props.label}
            title={props.label}
            onMouseMove={onMouseMove}
            onMouseDown={onMouseDown}
            onMouseUp={onMouseUp}
            onMouseLeave={onMouseLeave}
            onKeyDown={onKeyDown}
            onBlur={() => setPointer(null)}
          >
            <ChartFrame
              plot={plot}
              ticks={props.ticks}
              valueTicks={axis.ticks}
              limits={props.limits}
              formatValue={formatValue}
            />
            <defs>
              <clipPath id={clipId(props.label)}>
                <rect {...plot.plot} />
              </clipPath>
            </defs>
            <g clipPath={`url(#${clipId(props.label)})`}>
              {props.band === null ? null : <ChartBand band={props.band} />}
              <ChartPaths lines={props.lines} />
            </g>
            <ChartMoments markers={props.markers} />
            {tipLeft === null ? null : (
              <line
                className="chart-cursor"
                x1={tipLeft}
                x2={tipLeft}
                y1={plot.plot.y}
                y2={plot.plot.y + plot.plot.height}
                stroke="var(--muted)"
                pointerEvents="none"
              />
            )}
            {drag !== null && drag.from !== drag.to ? (
              <rect
                className="chart-drag"
                x={Math.min(plot.x(drag.from), plot.x(drag.to))}
                width={Math.abs(plot.x(drag.to) - plot.x(drag.from))}
                y={plot.plot.y}
                height={plot.plot.height}
                fill="var(--accent)"
                fillOpacity={0.15}
                pointerEvents="none"
              />
            ) : null}
          </Surface>
          {tipLeft === null || hovered === undefined ? null : (
            <div
              className="chart-tooltip-wrapper"
              style={
                // Beside the cursor, on the side with room.
                tipLeft > plot.width / 2
                  ? { right: plot.width - tipLeft + 12, top: PLOT_TOP }
                  : { left: tipLeft + 12, top: PLOT_TOP }
              }
            >
              <ChartTooltip row={hovered} lines={props.lines} band={props.band} unit={props.unit} />
            </div>
          )}
        </PlotProvider>
      )}
      {/* A plain list: it costs nothing when only samples changed. */}
      <ul className="chart-legend" aria-label="Lines">
        {/* One entry per ring: its later stretches (after a gap) look the same. */}
        {props.lines
          .filter((l) => l.key === l.ring)
          .map((l) => (
            <li key={l.ring}>
              <span
                className={`legend-line${l.dashed ? ' dashed' : ''}`}
                style={{ borderColor: l.colour }}
              />
              {l.ring}
            </li>
          ))}
        {props.band !== null ? (
          <li>
            <span className="legend-band" />
            {BAND_NAME}
          </li>
        ) : null}
      </ul>
    </div>
  );
});

/** Where the tooltip sits: level with the top of the plot. */
const PLOT_TOP = 40;

/** An id for the chart's clip path, unique per chart on the page (its label names it). */
function clipId(label: string): string {
  return `chart-clip-${label.replace(/[^a-z0-9_-]/gi, '_')}`;
}
