/**
 * The chart's tooltip: the hovered time, each line's value there and the baseline's spread,
 * in the metric's unit, read from the chart's rows (one per sample time).
 */
import { BAND_NAME, formatChartValue } from './chart-format';
import type { DrawnLine } from './chart-lines';
import { TIME_KEY, type ChartRow } from './chart-rows';
import type { BandPoint } from './chart-smoothing';
import { formatClock } from './format';

/** One line of the tooltip. */
export interface TooltipEntry {
  readonly name: string;
  readonly colour: string;
  readonly value: string;
}

/** The band point nearest to `t` (the band is ordered by time), or null without one. */
function nearest(band: readonly BandPoint[], t: number): BandPoint | null {
  let lo = 0;
  let hi = band.length - 1;
  if (hi < 0) {
    return null;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((band[mid] as BandPoint).t < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const after = band[lo] as BandPoint;
  const before = band[lo - 1];
  return before !== undefined && t - before.t < after.t - t ? before : after;
}

/** What the tooltip says for `row`: one entry per ring with a value there, then the band. */
export function tooltipEntries(
  row: ChartRow | undefined,
  lines: readonly DrawnLine[],
  band: readonly BandPoint[] | null,
  unit: string,
): TooltipEntry[] {
  if (row === undefined) {
    return [];
  }
  const out: TooltipEntry[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const v = row[l.key];
    // A ring's stretches after a gap are one ring to the reader.
    if (v === undefined || seen.has(l.ring)) {
      continue;
    }
    seen.add(l.ring);
    out.push({ name: l.ring, colour: l.colour, value: formatChartValue(v, unit) });
  }
  const spread = band === null ? null : nearest(band, row[TIME_KEY] ?? 0);
  if (spread !== null) {
    out.push({
      name: BAND_NAME,
      colour: 'var(--muted)',
      value: `${formatChartValue(spread.lo, unit)} – ${formatChartValue(spread.hi, unit)}`,
    });
  }
  return out;
}

/** The tooltip for the hovered row: its time, then each line's value there. */
export function ChartTooltip(props: {
  row: ChartRow;
  lines: readonly DrawnLine[];
  band: readonly BandPoint[] | null;
  unit: string;
}) {
  const t = props.row[TIME_KEY] ?? 0;
  const entries = tooltipEntries(props.row, props.lines, props.band, props.unit);
  return (
    <div className="chart-tooltip" role="status" aria-live="off">
      <p className="chart-tooltip-label">{formatClock(t)}</p>
      <ul>
        {entries.map((e) => (
          <li key={e.name} style={{ color: e.colour }}>
            {e.name}: {e.value}
          </li>
        ))}
      </ul>
    </div>
  );
}
