import { memo, useMemo, useRef } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricView, TimelineEntry } from '../../src-main/core/contract';
import type { SeriesPoint } from '../store/telemetry-slice';
import {
  chartLines,
  MAX_DRAWN,
  timeSpan,
  timeTicks,
  type DrawnLine,
  type LineCache,
} from './chart-lines';
import { chartRows, TIME_KEY, type ChartRow } from './chart-rows';
import { formatClock } from './format';
import { useFrameSpread } from './frame-queue';
import { useStableList } from './use-stable-list';

const tooltipStyle = {
  background: 'var(--panel)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};
// Props recharts compares by identity: a new object each render re-registers the element in
// recharts' store, and every registration recomputes the whole chart.
const margin = { top: 8, right: 16, bottom: 0, left: 0 };
const dataDomain = ['dataMin', 'dataMax'];
const formatTick = (t: number) => formatClock(t);
const formatLabel = (t: unknown) => formatClock(Number(t));

/** The chart's title: the metric and, when it has one, its unit (never an empty "()"). */
export function chartTitle(metric: MetricView): { name: string; unit: string | null } {
  const unit = metric.unit.trim();
  return { name: metric.name, unit: unit === '' ? null : unit };
}

/**
 * One metric: each ring and the baseline, gate limits as reference lines, rollout markers.
 * Memoised, and its updates wait for their turn in the frame queue: a sample batch for every
 * metric redraws one chart per animation frame, and a chart whose data did not change is not
 * redrawn at all.
 */
export const MetricChart = memo(function MetricChart(props: {
  metric: MetricView;
  series: Readonly<Record<string, readonly SeriesPoint[]>>;
  since: number | null;
  /** Rollout markers (already only the kinds drawn), oldest first. */
  markers: readonly TimelineEntry[];
  /** Ring names in rollout order: a ring keeps its colour and place in every chart. */
  ringOrder: readonly string[];
}) {
  const input = useMemo(
    () => ({ series: props.series, since: props.since }),
    [props.series, props.since],
  );
  const shown = useFrameSpread(`chart:${props.metric.name}`, input);
  const cache = useRef<LineCache>(new Map());
  // The window moving by a few seconds usually changes no line: then nothing is redrawn.
  const lines = useStableList(
    chartLines(shown.series, shown.since, props.ringOrder, cache.current, Infinity),
    (a, b) => a.ring === b.ring && a.points === b.points && a.colour === b.colour,
  );
  const rows = useMemo(() => chartRows(lines, MAX_DRAWN), [lines]);
  const markers = useStableList(
    props.markers.filter((m) => shown.since === null || m.at >= shown.since),
    (a, b) => a.seq === b.seq,
  );
  const span = timeSpan(lines);
  const ticks = useStableList(
    span === null ? [] : timeTicks(span.min, span.max, 6),
    (a, b) => a === b,
  );
  const limits = useMemo(
    () =>
      props.metric.thresholds.map((th) => ({
        gate: th.gate,
        y: th.value,
        label: {
          value: `${th.gate} limit`,
          position: 'insideTopRight' as const,
          fill: 'var(--danger)',
          fontSize: 11,
        },
      })),
    [props.metric.thresholds],
  );
  const title = chartTitle(props.metric);
  return (
    <figure className="panel" aria-label={`${props.metric.name} chart`}>
      <h3>
        {title.name}
        {title.unit === null ? null : <span className="muted"> ({title.unit})</span>}
      </h3>
      {lines.length === 0 ? (
        <p className="muted">no samples in this window yet</p>
      ) : (
        <ChartBody rows={rows} lines={lines} ticks={ticks} limits={limits} markers={markers} />
      )}
    </figure>
  );
});

interface Limit {
  gate: string;
  y: number;
  label: { value: string; position: 'insideTopRight'; fill: string; fontSize: number };
}

/** The recharts part, memoised on its inputs: equal inputs skip recharts entirely. */
const ChartBody = memo(function ChartBody(props: {
  rows: readonly ChartRow[];
  lines: readonly DrawnLine[];
  ticks: readonly number[];
  limits: readonly Limit[];
  markers: readonly TimelineEntry[];
}) {
  return (
    <>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={props.rows as ChartRow[]} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey={TIME_KEY}
            type="number"
            domain={dataDomain}
            ticks={props.ticks as number[]}
            interval={0}
            tickFormatter={formatTick}
            stroke="var(--muted)"
            allowDuplicatedCategory={false}
          />
          <YAxis stroke="var(--muted)" width={56} interval={0} />
          <Tooltip
            labelFormatter={formatLabel}
            contentStyle={tooltipStyle}
            isAnimationActive={false}
          />
          {props.lines.map((l) => (
            <Line
              key={l.ring}
              dataKey={l.ring}
              connectNulls
              name={l.ring}
              dot={false}
              isAnimationActive={false}
              stroke={l.colour}
              strokeDasharray={l.dashed ? '5 3' : undefined}
              strokeWidth={1.5}
            />
          ))}
          {props.limits.map((th) => (
            <ReferenceLine
              key={th.gate}
              y={th.y}
              ifOverflow="extendDomain"
              stroke="var(--danger)"
              strokeDasharray="4 4"
              label={th.label}
            />
          ))}
          {props.markers.map((m) => (
            <ReferenceLine key={m.seq} x={m.at} stroke="var(--muted)" strokeDasharray="2 4" />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {/* A plain list, not recharts' Legend: it costs nothing when only samples changed. */}
      <ul className="chart-legend" aria-label="Lines">
        {props.lines.map((l) => (
          <li key={l.ring}>
            <span
              className={`legend-line${l.dashed ? ' dashed' : ''}`}
              style={{ borderColor: l.colour }}
            />
            {l.ring}
          </li>
        ))}
      </ul>
    </>
  );
});
