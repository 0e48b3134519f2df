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
 * Rows (0, 1, 2) for marker labels so that labels closer than `minGapPx` on screen do not
 * print over each other: each label takes the first row whose last label is far enough left.
 */
export function labelRows(xs: readonly number[], minGapPx: number, rows = 3): number[] {
  const lastX: number[] = [];
  return xs.map((x) => {
    let row = lastX.findIndex((prev) => x - prev >= minGapPx);
    if (row < 0) {
      row = lastX.length < rows ? lastX.length : lastX.indexOf(Math.min(...lastX));
    }
    lastX[row] = x;
    return row;
  });
}
