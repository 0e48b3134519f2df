import { memo, useMemo, useRef } from 'react';
import {
  CartesianGrid,
  Legend,
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
import { chartLines, type LineCache } from './chart-lines';
import { formatClock } from './format';
import { useFrameSpread } from './frame-queue';

const tooltipStyle = {
  background: 'var(--panel)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};
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
  const lines = useMemo(
    () => chartLines(shown.series, shown.since, props.ringOrder, cache.current),
    [shown, props.ringOrder],
  );
  const markers = useMemo(
    () => props.markers.filter((m) => shown.since === null || m.at >= shown.since),
    [props.markers, shown.since],
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
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatTick}
              stroke="var(--muted)"
              allowDuplicatedCategory={false}
            />
            <YAxis stroke="var(--muted)" width={56} />
            <Tooltip
              labelFormatter={formatLabel}
              contentStyle={tooltipStyle}
              isAnimationActive={false}
            />
            <Legend />
            {lines.map((l) => (
              <Line
                key={l.ring}
                data={l.points as SeriesPoint[]}
                dataKey="v"
                name={l.ring}
                dot={false}
                isAnimationActive={false}
                stroke={l.colour}
                strokeDasharray={l.dashed ? '5 3' : undefined}
                strokeWidth={1.5}
              />
            ))}
            {props.metric.thresholds.map((th) => (
              <ReferenceLine
                key={th.gate}
                y={th.value}
                ifOverflow="extendDomain"
                stroke="var(--danger)"
                strokeDasharray="4 4"
                label={{
                  value: `${th.gate} limit`,
                  position: 'insideTopRight',
                  fill: 'var(--danger)',
                  fontSize: 11,
                }}
              />
            ))}
            {markers.map((m) => (
              <ReferenceLine key={m.seq} x={m.at} stroke="var(--muted)" strokeDasharray="2 4" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
