/**
 * The charts' history beside the live rollout's samples: earlier rollouts of the workspace
 * (fetched with `getChartHistory`) and, the moment another rollout starts, the one that just
 * ended, so a chart never goes blank between rollouts. Pure, so it is tested without a store.
 */
import type { ChartHistory, ConsoleSnapshot } from '../../src-main/core/contract';
import { timelineMarkers, type ChartMarker } from '../../src-main/core/timeline/chart-markers';
import { mergePoints } from './series-merge';
import type { SeriesPoint } from './telemetry-slice';

/** metric -> ring (or "baseline") -> points, oldest first. */
export type SeriesByMetric = Record<string, Record<string, SeriesPoint[]>>;

/** Earlier rollouts as the charts hold them. */
export interface ChartHistoryState {
  readonly series: SeriesByMetric;
  readonly markers: readonly ChartMarker[];
}

export const noHistory: ChartHistoryState = { series: {}, markers: [] };

/** The answer of `getChartHistory` in the store's shape. */
export function historyFrom(h: ChartHistory): ChartHistoryState {
  const series: SeriesByMetric = {};
  for (const s of h.series) {
    series[s.metric] = { ...(series[s.metric] ?? {}), [s.ring]: s.points };
  }
  return { series, markers: h.markers };
}

/** The live rollout's labelled moments, from the snapshot's timeline and rings. */
export function liveMarkers(
  timeline: ConsoleSnapshot['timeline'] | undefined,
  rings: ConsoleSnapshot['rings'] | undefined,
): ChartMarker[] {
  const overridden = new Set((rings ?? []).filter((r) => r.override !== null).map((r) => r.name));
  return timelineMarkers(timeline ?? [], (ring) => overridden.has(ring));
}

/** `history` with a rollout that just ended added (its samples and moments). */
export function retire(
  history: ChartHistoryState,
  series: SeriesByMetric,
  markers: readonly ChartMarker[],
): ChartHistoryState {
  const merged: SeriesByMetric = { ...history.series };
  for (const [metric, byRing] of Object.entries(series)) {
    merged[metric] = combineSeries(merged[metric], byRing);
  }
  return { series: merged, markers: [...history.markers, ...markers] };
}

/**
 * One metric's history and live samples as one line per ring. A ring only one of them has
 * keeps its very array (so charts can skip redrawing it).
 */
export function combineSeries(
  history: Readonly<Record<string, SeriesPoint[]>> | undefined,
  live: Readonly<Record<string, SeriesPoint[]>> | undefined,
): Record<string, SeriesPoint[]> {
  if (history === undefined || Object.keys(history).length === 0) {
    return { ...live };
  }
  const out: Record<string, SeriesPoint[]> = { ...history };
  for (const [ring, points] of Object.entries(live ?? {})) {
    const past = out[ring];
    out[ring] = past === undefined ? points : mergePoints(past, points, Infinity);
  }
  return out;
}
