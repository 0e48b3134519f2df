/**
 * The recharts part of a metric chart, memoised on its inputs: equal inputs skip recharts
 * entirely. Lines per ring, the baseline's band, gate limits, labelled rollout moments, a
 * tooltip in the metric's unit, and drag across the plot to zoom every chart (as in Grafana).
 */
import { memo, useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { MARKER_COLOURS } from '../../src-main/core/timeline/chart-style';
import type { ChartMarker } from '../../src-main/core/timeline/chart-markers';
import { setZoom } from '../store/actions';
import { ChartBand } from './chart-band';
import { BAND_NAME, formatChartValue, tooltipValue } from './chart-format';
import type { DrawnLine } from './chart-lines';
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
const formatLabel = (t: unknown) => formatClock(Number(t));

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

function MarkerLabel(props: {
  viewBox?: { x?: number; y?: number };
  text: string;
  row: number;
  end: boolean;
  colour: string;
}) {
  const x = (props.viewBox?.x ?? 0) + (props.end ? -3 : 3);
  const y = (props.viewBox?.y ?? 0) - 28 + props.row * 12;
  return (
    <text
      x={x}
      y={y}
      fill={props.colour}
      fontSize={11}
      textAnchor={props.end ? 'end' : 'start'}
      className="chart-marker-label"
    >
      {props.text}
    </text>
  );
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
  const formats = useMemo(
    () => ({
      tick: (v: number) => formatChartValue(v, props.unit),
      tooltip: (v: unknown) => tooltipValue(v, props.unit),
    }),
    [props.unit],
  );
  const lines = useMemo(
    () =>
      props.lines.map((l) => (
        <Line
          key={l.key}
          dataKey={l.key}
          connectNulls
          name={l.ring}
          dot={false}
          isAnimationActive={false}
          stroke={l.colour}
          strokeDasharray={l.dashed ? '5 3' : undefined}
          strokeWidth={l.dashed ? 1.5 : 2}
        />
      )),
    [props.lines],
  );
  const limits = useMemo(
    () =>
      props.limits.map((th) => (
        <ReferenceLine
          key={th.gate}
          y={th.y}
          ifOverflow="extendDomain"
          stroke="var(--danger)"
          strokeDasharray="4 4"
          label={th.label}
        />
      )),
    [props.limits],
  );
  const markers = useMemo(
    () =>
      props.markers.map((p) => (
        <ReferenceLine
          key={p.key}
          x={p.marker.t}
          stroke={MARKER_COLOURS[p.marker.kind]}
          strokeWidth={1.5}
          strokeDasharray={p.marker.kind === 'deploy' ? '3 3' : undefined}
          label={
            <MarkerLabel
              text={p.marker.label}
              row={p.row}
              end={p.end}
              colour={MARKER_COLOURS[p.marker.kind]}
            />
          }
        />
      )),
    [props.markers],
  );
  return (
    <>
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
          <YAxis stroke="var(--muted)" width={68} interval={0} tickFormatter={formats.tick} />
          <Tooltip
            labelFormatter={formatLabel}
            formatter={formats.tooltip}
            contentStyle={tooltipStyle}
            isAnimationActive={false}
          />
          {props.band === null ? null : <ChartBand band={props.band} />}
          {lines}
          {limits}
          {markers}
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
    </>
  );
});
