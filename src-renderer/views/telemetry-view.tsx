import { useMemo } from 'react';
import type { MetricView, RingView } from '../../src-main/core/contract';
import { formatClock } from '../components/format';
import { MetricChart, type ChartLook } from '../components/metric-chart';
import { StateMessage } from '../components/state-message';
import { useNow } from '../components/use-now';
import { useStableList } from '../components/use-stable-list';
import { setZoom } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { liveMarkers } from '../store/chart-history';
import type { TelemetryWindow } from '../store/telemetry-slice';

const windows: { id: TelemetryWindow; label: string; ms: number | null }[] = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
  { id: 'all', label: 'all', ms: null },
];

/** Rings drawn red: halted, or one of their own gates failed. */
export function failingRings(rings: readonly RingView[]): string[] {
  return rings
    .filter(
      (r) => r.status === 'halted' || r.gates.some((g) => !g.platform && g.outcome === 'fail'),
    )
    .map((r) => r.name);
}

/**
 * One chart per metric: each ring vs baseline (earlier rollouts too), gate limits and
 * labelled rollout moments; smoothing, the baseline's band and a drag-to-zoom range that
 * every chart shares.
 */
export function TelemetryView() {
  const snapshotMetrics = useAppStore((s) => s.snapshot?.metrics);
  const series = useAppStore((s) => s.series);
  const history = useAppStore((s) => s.chartHistory);
  const timeline = useAppStore((s) => s.snapshot?.timeline);
  const rings = useAppStore((s) => s.snapshot?.rings);
  const window = useAppStore((s) => s.window);
  const smoothing = useAppStore((s) => s.smoothing);
  const band = useAppStore((s) => s.baselineBand);
  const zoom = useAppStore((s) => s.zoom);
  const now = useNow(5000);
  const live = useMemo(() => liveMarkers(timeline, rings), [timeline, rings]);
  const markers = useStableList(
    useMemo(() => [...history.markers, ...live], [history.markers, live]),
    (a, b) => a.t === b.t && a.label === b.label,
  );
  const ringOrder = useStableList(
    useMemo(() => (rings ?? []).map((r) => r.name), [rings]),
    (a, b) => a === b,
  );
  const failingList = useStableList(
    useMemo(() => failingRings(rings ?? []), [rings]),
    (a, b) => a === b,
  );
  const metrics = useStableList<MetricView>(
    snapshotMetrics ?? [],
    (a, b) => JSON.stringify(a) === JSON.stringify(b),
  );
  const span = windows.find((w) => w.id === window)?.ms ?? null;
  const since = zoom?.from ?? (span === null ? null : now - span);
  const until = zoom?.to ?? null;
  const look = useMemo<ChartLook>(
    () => ({ since, until, smoothing, band, ringOrder, failing: new Set(failingList) }),
    [since, until, smoothing, band, ringOrder, failingList],
  );
  if (metrics.length === 0) {
    return <StateMessage>No metrics: the workspace's gates watch no telemetry yet.</StateMessage>;
  }
  return (
    <div>
      <div className="row panel chart-controls">
        <div className="row" role="radiogroup" aria-label="Time window">
          <span>Window</span>
          {windows.map((w) => (
            <button
              key={w.id}
              type="button"
              role="radio"
              aria-checked={zoom === null && window === w.id}
              className={zoom === null && window === w.id ? 'primary' : ''}
              onClick={() => useAppStore.setState({ window: w.id, zoom: null })}
            >
              {w.label}
            </button>
          ))}
        </div>
        <label>
          <input
            type="checkbox"
            checked={smoothing}
            onChange={(e) => useAppStore.setState({ smoothing: e.target.checked })}
          />{' '}
          Smooth lines
        </label>
        <label>
          <input
            type="checkbox"
            checked={band}
            onChange={(e) => useAppStore.setState({ baselineBand: e.target.checked })}
          />{' '}
          Baseline spread
        </label>
        {zoom === null ? (
          <span className="muted">
            Drag across a chart to zoom (keys on a chart: + and − zoom, Shift+arrows pan, Esc
            resets)
          </span>
        ) : (
          <span role="status" aria-label="Zoom">
            Zoomed to {formatClock(zoom.from)} – {formatClock(zoom.to)}{' '}
            <button type="button" onClick={() => setZoom(null)}>
              Reset zoom
            </button>
          </span>
        )}
      </div>
      <div className="charts">
        {metrics.map((m) => (
          <MetricChart
            key={m.name}
            metric={m}
            live={series[m.name]}
            history={history.series[m.name]}
            markers={markers}
            look={look}
          />
        ))}
      </div>
    </div>
  );
}
