/**
 * Numbers on a chart as a person reads them: in the metric's unit, three significant digits
 * (`0.806 %`, `212 ms`, `12.4 /s`), never `0.008056394763343404`.
 */
import { formatMetricValue } from '../../src-main/core/words';

/** Name of the baseline's band in tooltips and the legend. */
export const BAND_NAME = 'baseline spread';

/** A value of the metric in its unit. */
export function formatChartValue(v: number, unit: string): string {
  return Number.isFinite(v) ? formatMetricValue(v, unit) : '–';
}

/**
 * What a tooltip shows for one entry: a line's value, or a band's low–high range (recharts
 * hands a range as a two-number array).
 */
export function tooltipValue(value: unknown, unit: string): string {
  if (typeof value === 'number') {
    return formatChartValue(value, unit);
  }
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return `${formatChartValue(value[0], unit)} – ${formatChartValue(value[1], unit)}`;
  }
  return '–';
}

/**
 * Rows (0, 1, 2, …) for marker labels, each given as the span [from, to] it covers on the
 * time axis, so that labels never print over each other: each takes the first row whose
 * labels all end before it starts; past `rows` rows, the row whose last label ends first.
 */
export function labelRows(spans: readonly (readonly [number, number])[], rows = 3): number[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]![0] - spans[b]![0]);
  const lastEnd: number[] = [];
  const out = new Array<number>(spans.length).fill(0);
  for (const i of order) {
    const [from, to] = spans[i]!;
    let row = lastEnd.findIndex((end) => end < from);
    if (row < 0) {
      row = lastEnd.length < rows ? lastEnd.length : lastEnd.indexOf(Math.min(...lastEnd));
    }
    lastEnd[row] = to;
    out[i] = row;
  }
  return out;
}

/** A step of 1, 2 or 5 times a power of ten, about (hi - lo) / count. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * The value axis for samples and limits between `lo` and `hi`: always including 0, from a
 * round number at or below the lowest to one at or above the highest, with about `count` round ticks — the
 * axis recharts would draw for the lines, computed here because the lines are drawn by us.
 */
export function valueAxis(
  lo: number,
  hi: number,
  count = 5,
): { domain: [number, number]; ticks: number[] } {
  const from = Number.isFinite(lo) ? Math.min(0, lo) : 0;
  let to = Number.isFinite(hi) ? Math.max(0, hi) : 1;
  // No span (or one too small to divide into ticks, like 5e-324): one unit above the lowest.
  if (!(to - from > 1e-300)) {
    to = from + 1;
  }
  const step = niceStep(to - from, count);
  let first = Math.floor(from / step) * step;
  let last = Math.ceil(to / step) * step;
  // A value so small that from / step underflows to 0 still lies inside the axis.
  first = first > from ? first - step : first;
  last = last < to ? last + step : last;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step / 1e6; i += 1) {
    // Rounded to the step's digits: 0.1 * 3 is 0.30000000000000004, a tick reads 0.3.
    ticks.push(Number((first + i * step).toPrecision(12)));
  }
  return { domain: [ticks[0] ?? first, ticks.at(-1) ?? last], ticks };
}
