/**
 * The recharts part of a metric chart, memoised on its inputs: equal inputs skip recharts
 * entirely. Lines per ring, the baseline's band, gate limits, labelled rollout moments, a
 * tooltip in the metric's unit, and drag across the plot to zoom every chart (as in Grafana).
 */
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartMarker } from '../../src-main/core/timeline/chart-markers';
import { setZoom } from '../store/actions';
import { ChartBand } from './chart-band';
import { BAND_NAME, formatChartValue, valueAxis } from './chart-format';
import type { DrawnLine } from './chart-lines';
import { ChartMoments, ChartPaths } from './chart-paths';
import { ChartTooltip } from './chart-tooltip';
import { TIME_KEY, type ChartRow } from './chart-rows';
import type { BandPoint } from './chart-smoothing';
import { formatClock } from './format';

const tooltipStyle = {
  background: 'var(--panel)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};
// Props recharts compares by identity: a new object each render re-registers the element in
// recharts' store, and every registration recomputes the whole chart.
const margin = { top: 40, right: 16, bottom: 0, left: 0 };
const formatTick = (t: number) => formatClock(t);

/** A gate limit drawn across the chart. */
export interface Limit {
  gate: string;
  y: number;
  label: { value: string; position: 'insideBottomRight'; fill: string; fontSize: number };
}

/** A rollout moment placed on one of three label rows, so close labels stay readable. */
export interface PlacedMarker {
  readonly key: string;
  readonly marker: ChartMarker;
  readonly row: number;
  /** The label ends at its line (near the right edge) instead of starting there. */
  readonly end: boolean;
}

/** Points of a drag across the plot (recharts hands the hovered time as `activeLabel`). */
function timeOf(label: string | number | undefined): number | null {
  const t = Number(label);
  return label === undefined || !Number.isFinite(t) ? null : t;
}

/**
 * Drag to zoom: the range being dragged (drawn as a shaded area) and stable handlers, so
 * the chart's props keep their identity while nobody drags.
 */
function useDragZoom() {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const current = useRef(drag);
  current.current = drag;
  const handlers = useMemo(
    () => ({
      onMouseDown: (s: { activeLabel?: string | number }) => {
        const t = timeOf(s.activeLabel);
        setDrag(t === null ? null : { from: t, to: t });
      },
      onMouseMove: (s: { activeLabel?: string | number }) => {
        const d = current.current;
        const t = timeOf(s.activeLabel);
        if (d !== null && t !== null && t !== d.to) {
          setDrag({ from: d.from, to: t });
        }
      },
      onMouseUp: () => {
        const d = current.current;
        if (d !== null && d.from !== d.to) {
          setZoom(d);
        }
        setDrag(null);
      },
    }),
    [],
  );
  return { drag, handlers };
}

/**
 * Zoom by keyboard on a focused chart, as drag does with the mouse: `+` to the middle half,
 * `-` out to twice the span, Shift+← / Shift+→ pan by a quarter, Esc or `0` back out. Plain
 * arrows stay recharts' own: they step the tooltip from sample to sample.
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

export const ChartBody = memo(function ChartBody(props: {
  rows: readonly ChartRow[];
  lines: readonly DrawnLine[];
  /** The baseline's spread, or null when it is not drawn. */
  band: readonly BandPoint[] | null;
  ticks: readonly number[];
  /** The time axis [from, to]: the samples' and the moments' span. */
  domain: readonly number[];
  limits: readonly Limit[];
  markers: readonly PlacedMarker[];
  unit: string;
}) {
  const { drag, handlers } = useDragZoom();
  // Elements built once per input: recharts re-registers a child whose props changed
  // identity, and each registration recomputes the whole chart.
  const formatValue = useMemo(() => (v: number) => formatChartValue(v, props.unit), [props.unit]);
  // The value axis covers every drawn sample and every gate limit (recharts saw no lines).
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
  const limits = useMemo(
    () =>
      props.limits.map((th) => (
        <ReferenceLine
          key={th.gate}
          y={th.y}
          stroke="var(--danger)"
          strokeDasharray="4 4"
          label={th.label}
        />
      )),
    [props.limits],
  );
  const rowsByTime = useMemo(
    () => new Map(props.rows.map((r) => [r[TIME_KEY] ?? 0, r] as const)),
    [props.rows],
  );
  const tooltip = useMemo(
    () => (
      <ChartTooltip
        rows={rowsByTime}
        lines={props.lines}
        band={props.band}
        unit={props.unit}
        style={tooltipStyle}
      />
    ),
    [rowsByTime, props.lines, props.band, props.unit],
  );
  const domain = props.domain;
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      const range = keyZoom(e, domain);
      if (range !== undefined) {
        e.preventDefault();
        setZoom(range);
      }
    },
    [domain],
  );
  return (
    <div className="chart-keys" onKeyDown={onKeyDown}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={props.rows as ChartRow[]} margin={margin} {...handlers}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey={TIME_KEY}
            type="number"
            domain={props.domain as number[]}
            ticks={props.ticks as number[]}
            interval={0}
            tickFormatter={formatTick}
            stroke="var(--muted)"
            allowDuplicatedCategory={false}
          />
          <YAxis
            type="number"
            stroke="var(--muted)"
            width={68}
            interval={0}
            domain={axis.domain}
            allowDataOverflow
            ticks={axis.ticks}
            tickFormatter={formatValue}
          />
          <Tooltip content={tooltip} isAnimationActive={false} />
          {props.band === null ? null : (
            <ChartBand band={props.band} xDomain={props.domain} yDomain={axis.domain} />
          )}
          <ChartPaths lines={props.lines} xDomain={props.domain} yDomain={axis.domain} />
          {limits}
          <ChartMoments markers={props.markers} xDomain={props.domain} yDomain={axis.domain} />
          {drag !== null && drag.from !== drag.to ? (
            <ReferenceArea
              x1={drag.from}
              x2={drag.to}
              fill="var(--accent)"
              fillOpacity={0.15}
              ifOverflow="hidden"
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
      {/* A plain list, not recharts' Legend: it costs nothing when only samples changed. */}
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
