import { memo, useMemo, useRef } from 'react';
import type { MetricView } from '../../src-main/core/contract';
import type { ChartMarker } from '../../src-main/core/timeline/chart-markers';
import { combineSeries } from '../store/chart-history';
import type { SeriesPoint } from '../store/telemetry-slice';
import { ChartBody, type Limit, type PlacedMarker } from './chart-body';
import { labelRows } from './chart-format';
import { chartLines, timeSpan, timeTicks, type LineCache } from './chart-lines';
import { smoothingWindowMs } from './chart-smoothing';
import { useFrameSpread } from './frame-queue';
import { useStableList } from './use-stable-list';

/** The chart's title: the metric and, when it has one, its unit (never an empty "()"). */
export function chartTitle(metric: MetricView): { name: string; unit: string | null } {
  const unit = metric.unit.trim();
  return { name: metric.name, unit: unit === '' ? null : unit };
}

type ByRing = Readonly<Record<string, SeriesPoint[]>>;

/** How long [since, until] is, an open end taken from the samples (0 without samples). */
export function windowSpan(series: ByRing, since: number | null, until: number | null): number {
  let first = Infinity;
  let last = -Infinity;
  for (const points of Object.values(series)) {
    first = Math.min(first, points[0]?.t ?? Infinity);
    last = Math.max(last, points.at(-1)?.t ?? -Infinity);
  }
  const from = since ?? first;
  const to = until ?? last;
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, to - from) : 0;
}

/** How every chart draws now: window or zoom, smoothing, band, ring order and failures. */
export interface ChartLook {
  readonly since: number | null;
  readonly until: number | null;
  readonly smoothing: boolean;
  readonly band: boolean;
  readonly ringOrder: readonly string[];
  readonly failing: ReadonlySet<string>;
}

/**
 * The time axis: the samples' span widened to the moments within the window that fall
 * outside it (a deploy before the first sample), or null when there are no samples.
 */
export function chartDomain(
  samples: { min: number; max: number } | null,
  markers: readonly ChartMarker[],
  since: number | null,
  until: number | null,
): { min: number; max: number } | null {
  if (samples === null) {
    return null;
  }
  let { min, max } = samples;
  for (const m of markers) {
    if ((since === null || m.t >= since) && (until === null || m.t <= until)) {
      min = Math.min(min, m.t);
      max = Math.max(max, m.t);
    }
  }
  return { min, max };
}

/** A label's width as a share of the plot: ~7 px a character on a ~600 px plot. */
const LABEL_SHARE_PER_CHAR = 7 / 600;

/**
 * Markers inside [from, to], each on a label row that keeps labels apart. A label in the
 * right quarter reads leftwards from its line, so it is not cut off at the edge.
 */
export function placeMarkers(
  markers: readonly ChartMarker[],
  from: number,
  to: number,
): PlacedMarker[] {
  const shown = markers.filter((m) => m.t >= from && m.t <= to);
  const endFrom = from + (to - from) * 0.75;
  const spans = shown.map((m): [number, number] => {
    const width = m.label.length * LABEL_SHARE_PER_CHAR * (to - from);
    return m.t > endFrom ? [m.t - width, m.t] : [m.t, m.t + width];
  });
  const rows = labelRows(spans);
  return shown.map((marker, i) => ({
    key: `${marker.t}:${marker.label}`,
    marker,
    row: rows[i] ?? 0,
    end: marker.t > endFrom,
  }));
}

/**
 * One metric: each ring and the baseline (earlier rollouts first, then the live one), the
 * baseline's spread, gate limits as reference lines, labelled rollout moments. Memoised, and
 * its updates wait for their turn in the frame queue: a sample batch for every metric redraws
 * one chart per animation frame, and a chart whose data did not change is not redrawn at all.
 */
export const MetricChart = memo(function MetricChart(props: {
  metric: MetricView;
  live: ByRing | undefined;
  history: ByRing | undefined;
  markers: readonly ChartMarker[];
  look: ChartLook;
}) {
  const series = useMemo(
    () => combineSeries(props.history, props.live),
    [props.history, props.live],
  );
  const input = useMemo(() => ({ series, look: props.look }), [series, props.look]);
  const shown = useFrameSpread(`chart:${props.metric.name}`, input);
  const cache = useRef<LineCache>(new Map());
  const { since, until } = shown.look;
  // From the window's span, not the drawn lines': a window's smoothing holds still as it moves.
  const smoothMs = shown.look.smoothing
    ? smoothingWindowMs(windowSpan(shown.series, since, until))
    : 0;
  const drawn = chartLines(
    shown.series,
    { ...shown.look, smoothMs, band: shown.look.band },
    cache.current,
    Infinity,
  );
  // The window moving by a few seconds usually changes no line: then nothing is redrawn.
  const lines = useStableList(
    drawn.lines,
    (a, b) => a.key === b.key && a.points === b.points && a.colour === b.colour,
  );
  const band = drawn.band;
  // The time axis spans the samples and the rollout's moments around them in the window (a
  // deploy starts before its first sample), as the exported charts do.
  const span = chartDomain(timeSpan(lines), props.markers, since, until);
  const ticks = useStableList(
    span === null ? [] : timeTicks(span.min, span.max, 6),
    (a, b) => a === b,
  );
  const domain = useStableList(span === null ? [] : [span.min, span.max], (a, b) => a === b);
  const markers = useStableList(
    span === null ? [] : placeMarkers(props.markers, span.min, span.max),
    (a, b) => a.key === b.key && a.row === b.row && a.end === b.end,
  );
  const limits = useMemo<Limit[]>(
    () =>
      props.metric.thresholds.map((th) => ({
        gate: th.gate,
        y: th.value,
        label: `${th.gate} limit`,
      })),
    [props.metric.thresholds],
  );
  const title = chartTitle(props.metric);
  return (
    <figure className="panel" aria-label={`${props.metric.name} chart`}>
      <h3>
        {title.name}
        {title.unit === null ? null : <span className="muted"> ({title.unit})</span>}
      </h3>
      {lines.length === 0 ? (
        <p className="muted">no samples in this window yet</p>
      ) : (
        <ChartBody
          label={`${props.metric.name} over time`}
          lines={lines}
          band={band}
          ticks={ticks}
          domain={domain}
          limits={limits}
          markers={markers}
          unit={props.metric.unit}
        />
      )}
    </figure>
  );
});
