/**
 * All lines of a chart as one table (one row per time), the shape recharts redraws cheapest:
 * the chart gets one new `data` array per update while each line's props stay the same, so
 * recharts does not unregister and re-register every line on every sample.
 */
import type { SeriesPoint } from '../store/telemetry-slice';

/** Time of the row; every other key is a line's (a ring's, the baseline's) and its value. */
export const TIME_KEY = '__t';
/** One time on the chart: `__t` and a value per line that has a sample then. */
export type ChartRow = Record<string, number>;

/**
 * Rows for `lines` (each ordered by time), at most `maxRows`. Longer tables are cut into
 * `maxRows` buckets; each bucket keeps, per line, the value farthest from that line's previous
 * kept value, so spikes (what an operator looks for) survive the downsampling.
 */
export function chartRows(
  lines: readonly { key: string; points: readonly SeriesPoint[] }[],
  maxRows: number,
): ChartRow[] {
  const byTime = new Map<number, ChartRow>();
  for (const line of lines) {
    for (const p of line.points) {
      let row = byTime.get(p.t);
      if (row === undefined) {
        row = { [TIME_KEY]: p.t };
        byTime.set(p.t, row);
      }
      row[line.key] = p.v;
    }
  }
  const rows = [...byTime.values()].sort((a, b) => (a[TIME_KEY] ?? 0) - (b[TIME_KEY] ?? 0));
  if (rows.length <= maxRows) {
    return rows;
  }
  const kept: ChartRow[] = [];
  const last = new Map<string, number>();
  const size = rows.length / maxRows;
  for (let b = 0; b < maxRows; b += 1) {
    const from = Math.floor(b * size);
    const to = Math.min(rows.length, Math.floor((b + 1) * size));
    const mid = rows[Math.floor((from + to - 1) / 2)];
    const out: ChartRow = { [TIME_KEY]: mid?.[TIME_KEY] ?? 0 };
    for (const line of lines) {
      let best: number | undefined;
      let bestDistance = -1;
      const previous = last.get(line.key);
      for (let i = from; i < to; i += 1) {
        const v = rows[i]?.[line.key];
        if (v === undefined) {
          continue;
        }
        const distance = previous === undefined ? 0 : Math.abs(v - previous);
        if (distance > bestDistance) {
          best = v;
          bestDistance = distance;
        }
      }
      if (best !== undefined) {
        out[line.key] = best;
        last.set(line.key, best);
      }
    }
    kept.push(out);
  }
  return kept;
}
