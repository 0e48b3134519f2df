/** The lines a metric chart draws: windowed, downsampled, in a stable order and colour. */
import { createLTTB } from 'downsample';
import type { SeriesPoint } from '../store/telemetry-slice';

const lttb = createLTTB<SeriesPoint>({ x: 't', y: 'v' });
/** Points per line on screen: more than this cannot be seen at chart width, only paid for. */
export const MAX_DRAWN = 150;

const ringColours = ['#e53935', '#1e88e5', '#8e24aa', '#00897b', '#f4511e'];
const PLATFORM_COLOUR = '#795548';

/** One line as drawn: its ring (or baseline/platform), visible points and look. */
export interface DrawnLine {
  readonly ring: string;
  readonly points: readonly SeriesPoint[];
  readonly colour: string;
  readonly dashed: boolean;
}

/** What a line was last drawn from; the same input gives back the same array. */
interface CacheEntry {
  readonly source: readonly SeriesPoint[];
  readonly start: number;
  readonly drawn: readonly SeriesPoint[];
}
/** Per-chart memory of the last drawn lines, by ring. */
export type LineCache = Map<string, CacheEntry>;

/** Index of the first point at or after `since` (points are ordered by time). */
export function firstIndexAtOrAfter(points: readonly SeriesPoint[], since: number | null): number {
  if (since === null) {
    return 0;
  }
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid]?.t ?? Infinity) < since) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * One line per ring that has samples in the window (a ring or scope with none is left out,
 * legend included). Baseline first, then rings in rollout order (`ringOrder`), then any other
 * scope. A ring keeps its colour whatever else is drawn. Lines whose samples and window did
 * not change return the very array drawn before, so recharts can skip them.
 */
export function chartLines(
  series: Readonly<Record<string, readonly SeriesPoint[]>>,
  since: number | null,
  ringOrder: readonly string[],
  cache: LineCache,
  maxDrawn = MAX_DRAWN,
): DrawnLine[] {
  const rank = (ring: string) =>
    ring === 'baseline'
      ? -1
      : ringOrder.includes(ring)
        ? ringOrder.indexOf(ring)
        : ringOrder.length;
  const rings = Object.keys(series).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const lines: DrawnLine[] = [];
  for (const ring of rings) {
    const source = series[ring] ?? [];
    const start = firstIndexAtOrAfter(source, since);
    const hit = cache.get(ring);
    let drawn: readonly SeriesPoint[];
    if (hit && hit.source === source && hit.start === start) {
      drawn = hit.drawn;
    } else {
      const visible = start === 0 ? source : source.slice(start);
      drawn =
        visible.length > maxDrawn ? Array.from(lttb(visible as SeriesPoint[], maxDrawn)) : visible;
      cache.set(ring, { source, start, drawn });
    }
    if (drawn.length === 0) {
      continue;
    }
    const index = ringOrder.indexOf(ring);
    lines.push({
      ring,
      points: drawn,
      colour:
        ring === 'baseline'
          ? 'var(--chart-baseline)'
          : index >= 0
            ? (ringColours[index % ringColours.length] ?? PLATFORM_COLOUR)
            : PLATFORM_COLOUR,
      dashed: ring === 'baseline',
    });
  }
  return lines;
}

const tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600].map(
  (s) => s * 1000,
);

/** The time span the lines cover, or null when there is nothing to draw. */
export function timeSpan(lines: readonly DrawnLine[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const l of lines) {
    min = Math.min(min, l.points[0]?.t ?? Infinity);
    max = Math.max(max, l.points.at(-1)?.t ?? -Infinity);
  }
  return min <= max ? { min, max } : null;
}

/**
 * Round clock times for the time axis, at most `count`, inside [min, max]. Given explicitly,
 * the chart need not measure candidate tick labels on every redraw.
 */
export function timeTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  const step = tickSteps.find((s) => span / s <= count) ?? tickSteps.at(-1) ?? 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max && ticks.length < count; t += step) {
    ticks.push(t);
  }
  return ticks;
}
