/**
 * The charts' series read from a rollout's series store.
 */
import type { Series } from '../core/contract';
import type { SeriesStore } from '../runtime/series/series-store';
import { chartRing } from './telemetry-port';

/** Points per line the charts get (downsampled from the store). */
const CHART_POINTS = 600;

/**
 * Charted series: one line per ring, and one baseline. The monitor keeps a baseline per
 * ring (`baseline:canary`, ...); they are the same not-yet-updated hosts, drawn as one line.
 */
export function chartSeries(
  store: SeriesStore | null,
  metric?: string,
  sinceMs?: number,
): Series[] {
  if (!store) {
    return [];
  }
  const lines = new Map<string, Series>();
  for (const k of store.keys()) {
    if (metric !== undefined && k.metric !== metric) {
      continue;
    }
    const ring = chartRing(k.scope);
    const key = `${k.metric}\u0000${ring}`;
    const line = lines.get(key) ?? { metric: k.metric, ring, points: [] };
    line.points.push(
      ...store
        .downsampled(k.metric, k.scope, CHART_POINTS, sinceMs)
        .map((p) => ({ t: p.t, v: p.v })),
    );
    lines.set(key, line);
  }
  for (const line of lines.values()) {
    line.points.sort((a, b) => a.t - b.t);
  }
  return [...lines.values()];
}
