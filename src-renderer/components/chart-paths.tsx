/**
 * What changes every second on a live chart — each ring's line and the rollout's labelled
 * moments — drawn as plain SVG paths from the plot's scales (chart-plot.tsx), like the
 * baseline's band. Recharts' `<Line>` and `<ReferenceLine>` recomputed their whole pipeline (a
 * label entry and a copied object per point, a store update per item) on every sample: one
 * chart update cost a frame of ~100 ms.
 */
import { memo } from 'react';
import { MARKER_COLOURS } from '../../src-main/core/timeline/chart-style';
import type { SeriesPoint } from '../store/telemetry-slice';
import type { PlacedMarker } from './chart-body';
import type { DrawnLine } from './chart-lines';
import { usePlot } from './chart-plot';

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

/** Every ring's line, and each stretch of it after a gap. */
export const ChartPaths = memo(function ChartPaths(props: { lines: readonly DrawnLine[] }) {
  const at = usePlot();
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
}) {
  const at = usePlot();
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
