import { createLTTB } from 'downsample';
import { memo, useMemo } from 'react';
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
import { formatClock } from './format';

const lttb = createLTTB<SeriesPoint>({ x: 't', y: 'v' });
/** Points per line on screen: more than this cannot be seen, only paid for. */
const MAX_DRAWN = 300;
const ringColours = ['#e53935', '#1e88e5', '#8e24aa', '#00897b', '#f4511e'];

/** Markers drawn on the time axis: update domains started, rings promoted. */
const markerKinds = new Set(['DomainStarted', 'Promoted', 'RingStarted', 'RingHalted']);

/** Memoised: a sample for one metric must not re-render every other chart. */
export const MetricChart = memo(function MetricChart(props: {
  metric: MetricView;
  series: Record<string, SeriesPoint[]>;
  since: number | null;
  markers: readonly TimelineEntry[];
}) {
  const lines = useMemo(
    () =>
      Object.entries(props.series).map(([ring, points]) => {
        const visible = props.since === null ? points : points.filter((p) => p.t >= props.since!);
        const drawn = visible.length > MAX_DRAWN ? Array.from(lttb(visible, MAX_DRAWN)) : visible;
        return { ring, points: drawn };
      }),
    [props.series, props.since],
  );
  const markers = props.markers.filter(
    (m) => markerKinds.has(m.kind) && (props.since === null || m.at >= props.since),
  );
  const empty = lines.every((l) => l.points.length === 0);
  return (
    <figure className="panel" aria-label={`${props.metric.name} chart`}>
      <h3>
        {props.metric.name} <span className="muted">({props.metric.unit})</span>
      </h3>
      {empty ? (
        <p className="muted">no samples in this window yet</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatClock(t)}
              stroke="var(--muted)"
              allowDuplicatedCategory={false}
            />
            <YAxis stroke="var(--muted)" width={56} />
            <Tooltip labelFormatter={(t) => formatClock(Number(t))} />
            <Legend />
            {lines.map((l, i) => (
              <Line
                key={l.ring}
                data={l.points}
                dataKey="v"
                name={l.ring}
                dot={false}
                isAnimationActive={false}
                stroke={
                  l.ring === 'baseline'
                    ? 'var(--chart-baseline)'
                    : ringColours[i % ringColours.length]
                }
                strokeDasharray={l.ring === 'baseline' ? '5 3' : undefined}
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
