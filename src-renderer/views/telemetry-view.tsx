import { useMemo } from 'react';
import type { MetricView, TimelineEntry } from '../../src-main/core/contract';
import { MetricChart } from '../components/metric-chart';
import { StateMessage } from '../components/state-message';
import { useNow } from '../components/use-now';
import { useStableList } from '../components/use-stable-list';
import { useAppStore } from '../store/app-store';
import type { SeriesPoint, TelemetryWindow } from '../store/telemetry-slice';

const windows: { id: TelemetryWindow; label: string; ms: number | null }[] = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
  { id: 'all', label: 'all', ms: null },
];

/** Markers drawn on the time axis: update domains started, rings started, promoted, halted. */
const markerKinds = new Set(['DomainStarted', 'Promoted', 'RingStarted', 'RingHalted']);
const noSeries: Readonly<Record<string, readonly SeriesPoint[]>> = {};

/** One chart per metric: each ring vs baseline, gate limits and rollout markers. */
export function TelemetryView() {
  const snapshotMetrics = useAppStore((s) => s.snapshot?.metrics);
  const series = useAppStore((s) => s.series);
  const timeline = useAppStore((s) => s.snapshot?.timeline);
  const rings = useAppStore((s) => s.snapshot?.rings);
  const window = useAppStore((s) => s.window);
  const now = useNow(5000);
  const allMarkers = useMemo(
    () => (timeline ?? []).filter((e) => markerKinds.has(e.kind)),
    [timeline],
  );
  const markers = useStableList<TimelineEntry>(allMarkers, (a, b) => a.seq === b.seq);
  const ringNames = useMemo(() => (rings ?? []).map((r) => r.name), [rings]);
  const ringOrder = useStableList(ringNames, (a, b) => a === b);
  const metrics = useStableList<MetricView>(
    snapshotMetrics ?? [],
    (a, b) => JSON.stringify(a) === JSON.stringify(b),
  );
  if (metrics.length === 0) {
    return <StateMessage>No metrics: the workspace's gates watch no telemetry yet.</StateMessage>;
  }
  const span = windows.find((w) => w.id === window)?.ms ?? null;
  const since = span === null ? null : now - span;
  return (
    <div>
      <div className="row panel" role="radiogroup" aria-label="Time window">
        <span>Window</span>
        {windows.map((w) => (
          <button
            key={w.id}
            type="button"
            role="radio"
            aria-checked={window === w.id}
            className={window === w.id ? 'primary' : ''}
            onClick={() => useAppStore.setState({ window: w.id })}
          >
            {w.label}
          </button>
        ))}
      </div>
      <div className="charts">
        {metrics.map((m) => (
          <MetricChart
            key={m.name}
            metric={m}
            series={series[m.name] ?? noSeries}
            since={since}
            markers={markers}
            ringOrder={ringOrder}
          />
        ))}
      </div>
    </div>
  );
}
