/** Where a time series' line is broken: the charts in the console and in exports alike. */

/** A silence this long (or 20 sampling intervals, if longer) breaks a line. */
export const GAP_MS = 60_000;

/**
 * Cuts a line where no sample came for longer than GAP_MS or 20 of its usual intervals, so
 * a chart that shows earlier rollouts does not draw a straight line across the hours between
 * them (as if the metric had been measured there). One stretch when there is no gap; the
 * same array then.
 */
export function splitAtGaps<P extends { readonly t: number }>(
  points: readonly P[],
): (readonly P[])[] {
  if (points.length < 3) {
    return points.length === 0 ? [] : [points];
  }
  const steps: number[] = [];
  for (let i = 1; i < points.length; i += 1) {
    steps.push((points[i]?.t ?? 0) - (points[i - 1]?.t ?? 0));
  }
  const usual = [...steps].sort((a, b) => a - b)[steps.length >> 1] ?? 0;
  const gap = Math.max(GAP_MS, usual * 20);
  const out: (readonly P[])[] = [];
  let from = 0;
  steps.forEach((step, i) => {
    if (step > gap) {
      out.push(points.slice(from, i + 1));
      from = i + 1;
    }
  });
  if (from === 0) {
    return [points];
  }
  out.push(points.slice(from));
  return out;
}
