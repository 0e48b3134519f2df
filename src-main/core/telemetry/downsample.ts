/** A point of a displayed series: time (ms) and value. */
export interface XYPoint {
  readonly t: number;
  readonly v: number;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling Time Series for Visual
 * Representation"): keeps the first and last point and, per bucket, the point forming the
 * largest triangle with the previous pick and the next bucket's mean, so spikes survive.
 * Written here (30 lines) rather than taken from the `downsample` package, whose CommonJS
 * entry and loose typings would be the only impure thing in core.
 */
export function lttb<P extends XYPoint>(points: readonly P[], maxPoints: number): P[] {
  const n = points.length;
  if (maxPoints >= n || maxPoints <= 0) {
    return [...points];
  }
  const first = points[0];
  const last = points[n - 1];
  if (first === undefined || last === undefined) {
    return [];
  }
  if (maxPoints < 3) {
    return maxPoints === 1 ? [last] : [first, last];
  }
  const out: P[] = [first];
  const every = (n - 2) / (maxPoints - 2);
  let a: P = first;
  for (let i = 0; i < maxPoints - 2; i++) {
    const start = Math.floor(i * every) + 1;
    const end = Math.min(Math.floor((i + 1) * every) + 1, n - 1);
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += points[j]?.t ?? 0;
      avgV += points[j]?.v ?? 0;
    }
    const span = Math.max(1, nextEnd - nextStart);
    avgT /= span;
    avgV /= span;
    let best: P | undefined;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const p = points[j];
      if (p === undefined) {
        continue;
      }
      const area = Math.abs((a.t - avgT) * (p.v - a.v) - (a.t - p.t) * (avgV - a.v));
      if (area > bestArea) {
        bestArea = area;
        best = p;
      }
    }
    if (best !== undefined) {
      out.push(best);
      a = best;
    }
  }
  out.push(last);
  return out;
}
