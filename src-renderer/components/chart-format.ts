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
