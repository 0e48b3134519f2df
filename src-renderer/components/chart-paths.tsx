/**
 * What changes every second on a live chart — each ring's line and the rollout's labelled
 * moments — drawn as plain SVG from recharts' own axis scales, like the baseline's band.
 * Recharts' `<Line>` and `<ReferenceLine>` recompute their whole pipeline (a label entry and
 * a copied object per point, a store update per item) on every sample: with them one chart
 * update cost a frame of ~100 ms; recharts keeps the axes, grid, limits and the tooltip.
 */
import { memo } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { MARKER_COLOURS } from '../../src-main/core/timeline/chart-style';
import type { SeriesPoint } from '../store/telemetry-slice';
import type { PlacedMarker } from './chart-body';
import type { DrawnLine } from './chart-lines';

/** An SVG path through `points` (ordered by time); null with fewer than one drawable point. */
export function linePath(
  points: readonly SeriesPoint[],
  x: (t: number) => number | undefined,
  y: (v: number) => number | undefined,
): string | null {
  let d = '';
  let n = 0;
  for (const p of points) {
    const px = x(p.t);
    const py = y(p.v);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      continue;
    }
    d += `${n === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
    n += 1;
  }
  // One point is a dot's worth of line: a zero-length segment, drawn with round caps.
  return n === 0 ? null : n === 1 ? `${d}h0` : d;
}

/** A function on numbers, as recharts' axis scales are. */
type Scale = (v: number) => number | undefined;

/**
 * `scale` as the straight line it is between `domain`'s two ends: two calls to recharts'
 * scale instead of one per point (its wrapper checked each point and cost a chart ~6 ms).
 */
export function linearOf(scale: Scale, domain: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const r0 = scale(d0);
  const r1 = scale(d1);
  if (r0 === undefined || r1 === undefined || d1 === d0) {
    return scale;
  }
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The scales and plot of the chart around a component, or null before its first layout. */
export function usePlot(
  xDomain: readonly number[],
  yDomain: readonly number[],
): { x: Scale; y: Scale; plot: { x: number; y: number; width: number; height: number } } | null {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (xScale === undefined || yScale === undefined || plot === undefined) {
    return null;
  }
  const x0 = xDomain[0];
  const x1 = xDomain[1];
  const y0 = yDomain[0];
  const y1 = yDomain[1];
  return {
    x:
      x0 === undefined || x1 === undefined
        ? (t) => xScale(t)
        : linearOf((t) => xScale(t), [x0, x1]),
    y:
      y0 === undefined || y1 === undefined
        ? (v) => yScale(v)
        : linearOf((v) => yScale(v), [y0, y1]),
    plot,
  };
}

/** Every ring's line, and each stretch of it after a gap. */
export const ChartPaths = memo(function ChartPaths(props: {
  lines: readonly DrawnLine[];
  xDomain: readonly number[];
  yDomain: readonly number[];
}) {
  const at = usePlot(props.xDomain, props.yDomain);
  if (at === null) {
    return null;
  }
  const { x, y } = at;
  return (
    <g className="chart-lines">
      {props.lines.map((l) => {
        const d = linePath(l.points, x, y);
        return d === null ? null : (
          <path
            key={l.key}
            d={d}
            className="chart-line"
            data-ring={l.ring}
            fill="none"
            stroke={l.colour}
            strokeDasharray={l.dashed ? '5 3' : undefined}
            strokeWidth={l.dashed ? 1.5 : 2}
            strokeLinecap="round"
            strokeLinejoin="round"
            pointerEvents="none"
          />
        );
      })}
    </g>
  );
});

/** The rollout's moments: a vertical line each, labelled on one of three rows above the plot. */
export const ChartMoments = memo(function ChartMoments(props: {
  markers: readonly PlacedMarker[];
  xDomain: readonly number[];
  yDomain: readonly number[];
}) {
  const at = usePlot(props.xDomain, props.yDomain);
  if (at === null) {
    return null;
  }
  const { x, plot } = at;
  return (
    <g className="chart-moments" pointerEvents="none">
      {props.markers.map((p) => {
        const px = x(p.marker.t);
        if (px === undefined || px < plot.x - 0.5 || px > plot.x + plot.width + 0.5) {
          return null;
        }
        const colour = MARKER_COLOURS[p.marker.kind];
        return (
          <g key={p.key} className="chart-moment">
            <line
              x1={px}
              x2={px}
              y1={plot.y}
              y2={plot.y + plot.height}
              stroke={colour}
              strokeWidth={1.5}
              strokeDasharray={p.marker.kind === 'deploy' ? '3 3' : undefined}
            />
            <text
              x={px + (p.end ? -3 : 3)}
              y={plot.y - 28 + p.row * 12}
              fill={colour}
              fontSize={11}
              textAnchor={p.end ? 'end' : 'start'}
              className="chart-marker-label"
            >
              {p.marker.label}
            </text>
          </g>
        );
      })}
    </g>
  );
});
