/** Merging pushed samples into a chart line: pure, so it is tested without a store. */
import type { SeriesPoint } from './telemetry-slice';

/**
 * `points` added to `line` (both oldest first), keeping the result ordered by time with one
 * point per timestamp (a later value for the same time wins), and at most `max` newest.
 * Points can arrive out of order: several baseline scopes are drawn as one baseline line,
 * and a push can overlap a backfill fetched a moment earlier.
 */
export function mergePoints(
  line: readonly SeriesPoint[],
  points: readonly SeriesPoint[],
  max: number,
): SeriesPoint[] {
  const last = line.at(-1);
  let merged: SeriesPoint[];
  if (last === undefined || isAfter(points, last.t)) {
    // The 1 Hz common case: newer points, appended without a sort.
    merged = line.concat(points);
  } else {
    const byTime = new Map<number, SeriesPoint>();
    for (const p of line) {
      byTime.set(p.t, p);
    }
    for (const p of points) {
      byTime.set(p.t, p);
    }
    merged = [...byTime.values()].sort((a, b) => a.t - b.t);
  }
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** Whether `points` are strictly increasing in time and all after `t`. */
function isAfter(points: readonly SeriesPoint[], t: number): boolean {
  let prev = t;
  for (const p of points) {
    if (p.t <= prev) {
      return false;
    }
    prev = p.t;
  }
  return true;
}

/**
 * What identifies one rollout in a snapshot: the workspace and the rollout's start time. When
 * it changes, samples charted so far belong to another rollout and must not be joined to the
 * new one's.
 */
export function rolloutKey(
  snapshot: {
    workspace: { name: string } | null;
    rollout: { startedAt: number | null };
  } | null,
): string | null {
  if (snapshot === null) {
    return null;
  }
  return `${snapshot.workspace?.name ?? ''}\u0000${snapshot.rollout.startedAt ?? 'none'}`;
}
