/**
 * The baseline's spread drawn as one SVG path inside the chart, from the plot's scales. A recharts `<Area>` gave the same picture and a tooltip entry, but recomputed its
 * whole pipeline on every sample and cost the console a third more script time per update.
 */
import { memo } from 'react';
import { usePlot } from './chart-plot';
import type { BandPoint } from './chart-smoothing';

/** The band's outline: along the high edge, back along the low edge, clamped to the plot. */
export function bandPath(
  band: readonly BandPoint[],
  x: (t: number) => number | undefined,
  y: (v: number) => number | undefined,
  plot: { y: number; height: number },
): string | null {
  const clamp = (v: number) => Math.min(plot.y + plot.height, Math.max(plot.y, v));
  const top: string[] = [];
  const bottom: string[] = [];
  for (const b of band) {
    const px = x(b.t);
    const hi = y(b.hi);
    const lo = y(b.lo);
    if (px === undefined || hi === undefined || lo === undefined) {
      continue;
    }
    top.push(`${px.toFixed(1)},${clamp(hi).toFixed(1)}`);
    bottom.push(`${px.toFixed(1)},${clamp(lo).toFixed(1)}`);
  }
  return top.length < 2 ? null : `M${top.join('L')}L${bottom.reverse().join('L')}Z`;
}

export const ChartBand = memo(function ChartBand(props: { band: readonly BandPoint[] }) {
  const at = usePlot();
  if (at === null) {
    return null;
  }
  const d = bandPath(props.band, at.x, at.y, at.plot);
  return d === null ? null : (
    <path
      d={d}
      className="chart-band"
      fill="var(--chart-baseline)"
      fillOpacity={0.25}
      stroke="none"
      pointerEvents="none"
    />
  );
});
