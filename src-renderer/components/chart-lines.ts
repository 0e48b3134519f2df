/** The lines a metric chart draws: windowed, downsampled, in a stable order and colour. */
import { createLTTB } from 'downsample';
import { ringColour } from '../../src-main/core/timeline/chart-style';
import { splitAtGaps } from '../../src-main/core/timeline/line-gaps';
import type { SeriesPoint } from '../store/telemetry-slice';
import { bandAt, smooth, spreadBand, type BandPoint } from './chart-smoothing';

const lttb = createLTTB<SeriesPoint>({ x: 't', y: 'v' });
/** Points per line on screen: more than this cannot be seen at chart width, only paid for. */
export const MAX_DRAWN = 150;

/** The band's window when lines are drawn raw: the spread of the last 30 s of samples. */
const SPREAD_MS = 30_000;

/** One line as drawn: its ring (or baseline/platform), visible points and look. */
export interface DrawnLine {
  /**
   * The line's column in the chart's rows: the ring's name, or `ring#N` for the Nth stretch
   * after a gap (a line is broken where no sample came for long — between two rollouts).
   */
  readonly key: string;
  readonly ring: string;
  readonly points: readonly SeriesPoint[];
  readonly colour: string;
  readonly dashed: boolean;
}

/** What a line was last drawn from; the same input gives back the same array. */
interface CacheEntry {
  readonly source: readonly SeriesPoint[];
  readonly start: number;
  readonly end: number;
  readonly smoothMs: number;
  readonly drawn: readonly SeriesPoint[];
  /** `drawn` cut at its gaps. */
  readonly stretches: readonly (readonly SeriesPoint[])[];
  readonly band: readonly BandPoint[] | null;
}
/** Per-chart memory of the last drawn lines, by ring. */
export type LineCache = Map<string, CacheEntry>;

/** What a chart shows of its series. */
export interface LineOptions {
  /** Window start (ms), or null for everything. */
  readonly since: number | null;
  /** Window end (ms, a zoom), or null for up to now. */
  readonly until: number | null;
  /** Ring names in rollout order: a ring keeps its colour and place in every chart. */
  readonly ringOrder: readonly string[];
  /** Rings drawn red: a gate failed or the ring halted. */
  readonly failing: ReadonlySet<string>;
  /** Moving-average window (ms), or 0 for the raw samples. */
  readonly smoothMs: number;
  /** Also compute the baseline's spread band (over the raw samples, same window). */
  readonly band: boolean;
}

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

/** The lines of a chart, and the baseline's band when asked for and there is a baseline. */
export interface ChartLines {
  readonly lines: DrawnLine[];
  readonly band: readonly BandPoint[] | null;
}

/**
 * One line per ring that has samples in the window (a ring or scope with none is left out,
 * legend included). Baseline first, then rings in rollout order, then any other scope. A
 * ring keeps its colour whatever else is drawn; red is only for a failing ring. Lines whose
 * samples, window and smoothing did not change return the very array drawn before, so
 * recharts can skip them.
 */
export function chartLines(
  series: Readonly<Record<string, readonly SeriesPoint[]>>,
  o: LineOptions,
  cache: LineCache,
  maxDrawn = MAX_DRAWN,
): ChartLines {
  const rank = (ring: string) =>
    ring === 'baseline'
      ? -1
      : o.ringOrder.includes(ring)
        ? o.ringOrder.indexOf(ring)
        : o.ringOrder.length;
  const rings = Object.keys(series).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const lines: DrawnLine[] = [];
  let band: readonly BandPoint[] | null = null;
  for (const ring of rings) {
    const source = series[ring] ?? [];
    const start = firstIndexAtOrAfter(source, o.since);
    const end = o.until === null ? source.length : firstIndexAtOrAfter(source, o.until + 1);
    const wantBand = o.band && ring === 'baseline';
    const hit = cache.get(ring);
    let entry: CacheEntry;
    if (
      hit &&
      hit.source === source &&
      hit.start === start &&
      hit.end === end &&
      hit.smoothMs === o.smoothMs &&
      (hit.band !== null) === wantBand
    ) {
      entry = hit;
    } else {
      const visible = start === 0 && end === source.length ? source : source.slice(start, end);
      const shaped = o.smoothMs > 0 ? smooth(visible, o.smoothMs) : visible;
      const drawn =
        shaped.length > maxDrawn ? Array.from(lttb(shaped as SeriesPoint[], maxDrawn)) : shaped;
      // At the drawn baseline's own times: the band adds no row to the chart's table.
      const spread = wantBand
        ? bandAt(spreadBand(visible, o.smoothMs > 0 ? o.smoothMs : SPREAD_MS), drawn)
        : null;
      entry = {
        source,
        start,
        end,
        smoothMs: o.smoothMs,
        drawn,
        stretches: splitAtGaps(drawn),
        band: spread,
      };
      cache.set(ring, entry);
    }
    if (entry.drawn.length === 0) {
      continue;
    }
    if (entry.band !== null) {
      band = entry.band;
    }
    // The baseline's grey follows the theme; every ring's colour is the same in both.
    const colour =
      ring === 'baseline'
        ? 'var(--chart-baseline)'
        : ringColour(ring, o.ringOrder, o.failing.has(ring));
    entry.stretches.forEach((points, i) => {
      lines.push({
        key: i === 0 ? ring : `${ring}#${i}`,
        ring,
        points,
        colour,
        dashed: ring === 'baseline',
      });
    });
  }
  return { lines, band };
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
