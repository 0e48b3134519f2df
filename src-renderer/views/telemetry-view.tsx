import { MetricChart } from '../components/metric-chart';
import { StateMessage } from '../components/state-message';
import { useNow } from '../components/use-now';
import { useAppStore } from '../store/app-store';
import type { TelemetryWindow } from '../store/telemetry-slice';

const windows: { id: TelemetryWindow; label: string; ms: number | null }[] = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
  { id: 'all', label: 'all', ms: null },
];

/** One chart per metric: each ring vs baseline, gate limits and rollout markers. */
export function TelemetryView() {
  const metrics = useAppStore((s) => s.snapshot?.metrics);
  const series = useAppStore((s) => s.series);
  const timeline = useAppStore((s) => s.snapshot?.timeline);
  const window = useAppStore((s) => s.window);
  const now = useNow(5000);
  if (!metrics || metrics.length === 0) {
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
            series={series[m.name] ?? {}}
            since={since}
            markers={timeline ?? []}
          />
        ))}
      </div>
    </div>
  );
}
