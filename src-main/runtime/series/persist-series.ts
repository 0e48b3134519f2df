/**
 * Keeps a rollout's telemetry beside its journal: the series store is first refilled from
 * what an earlier process persisted (so charts survive a restart), then every point the
 * monitor collects is appended as it arrives.
 */
import {
  loadTelemetry,
  openTelemetryLog,
  type TelemetryLog,
} from '../../adapters/journal/telemetry-log';
import type { SeriesStore } from './series-store';

/** Refills `series` from the journal's telemetry file and persists what comes next. */
export async function persistSeries(
  series: SeriesStore,
  journal: string,
  warn: (message: string) => void,
): Promise<{ close(): Promise<void> }> {
  const existing = await loadTelemetry(journal);
  for (const s of existing) {
    series.append(s.metric, s.scope, s.points);
  }
  const log: TelemetryLog = openTelemetryLog(journal, existing, { warn });
  const unsubscribe = series.subscribe((e) => {
    if (e.type === 'points') {
      log.add(e.metric, e.scope, e.points);
    }
  });
  return {
    async close() {
      unsubscribe();
      await log.close();
    },
  };
}
