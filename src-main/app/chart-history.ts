/**
 * The charts' history: the workspace's earlier rollouts as the charts draw them, read from
 * their journals (labelled moments) and the telemetry persisted beside them (samples), so
 * the charts do not start empty with each rollout or after a restart. Finished journals do
 * not change: each is read once and kept until its files change.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE_NAME } from '../adapters/journal';
import { loadTelemetry, telemetryPathFor } from '../adapters/journal/telemetry-log';
import type { ChartHistory, Series } from '../core/contract';
import { chartMarkers } from '../core/timeline';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import { createSeriesStore } from '../runtime/series/series-store';
import type { PlanOfJournal } from './journal-resume';
import { chartRing } from './telemetry-port';

/** Earlier rollouts drawn (the newest): enough for a day's releases, bounded in size. */
const MAX_ROLLOUTS = 10;
/** Points per line and rollout (downsampled): the charts draw ~150 per line anyway. */
const POINTS_PER_LINE = 300;

interface Cached {
  readonly stamp: string;
  readonly history: ChartHistory | null;
}

/** Reads chart history; remembers each journal's part until its files change. */
export interface ChartHistoryReader {
  /**
   * The rollouts of this workspace (`planOf`) under `journalRoot`, except the journal in
   * `liveDir`: their series (one baseline line per metric) and markers, oldest first.
   */
  read(planOf: PlanOfJournal, liveDir: string | null): Promise<ChartHistory>;
}

/** A reader over `journalRoot`; unreadable journals are skipped with a line to `log`. */
export function createChartHistoryReader(
  journalRoot: string,
  log: (line: string) => void,
): ChartHistoryReader {
  const cache = new Map<string, Cached>();
  const one = async (dir: string, planOf: PlanOfJournal): Promise<ChartHistory | null> => {
    const journal = path.join(dir, JOURNAL_FILE_NAME);
    const stamp = [journal, telemetryPathFor(journal)]
      .map((f) => statSync(f, { throwIfNoEntry: false }))
      .map((s) => (s ? `${s.size}:${s.mtimeMs}` : '-'))
      .join('/');
    const hit = cache.get(dir);
    if (hit?.stamp === stamp) {
      return hit.history;
    }
    const history = await readRollout(journal, planOf, log);
    cache.set(dir, { stamp, history });
    return history;
  };
  return {
    async read(planOf, liveDir) {
      const entries = await readdir(journalRoot, { withFileTypes: true }).catch(() => []);
      const live = liveDir === null ? null : path.resolve(liveDir);
      const dirs = entries
        .filter((d) => d.isDirectory())
        .map((d) => path.resolve(journalRoot, d.name))
        .filter((dir) => dir !== live && existsSync(path.join(dir, JOURNAL_FILE_NAME)));
      const found: ChartHistory[] = [];
      for (const dir of dirs) {
        const h = await one(dir, planOf);
        if (h !== null) {
          found.push(h);
        }
      }
      const start = (h: ChartHistory) => h.markers[0]?.t ?? h.series[0]?.points[0]?.t ?? 0;
      const newest = found.sort((a, b) => start(a) - start(b)).slice(-MAX_ROLLOUTS);
      return {
        series: mergeSeries(newest.flatMap((h) => h.series)),
        markers: newest.flatMap((h) => h.markers),
      };
    },
  };
}

/** One journal's part of the history, or null when it is another workspace's or unreadable. */
async function readRollout(
  journal: string,
  planOf: PlanOfJournal,
  log: (line: string) => void,
): Promise<ChartHistory | null> {
  const loaded = await loadRolloutEvents(journal);
  if (!loaded.ok) {
    log(`journal not charted: ${loaded.error.message}`);
    return null;
  }
  const events = loaded.events;
  const created = events[0];
  if (created?.type !== 'RolloutCreated' || planOf(created.plan, created.planHash) === null) {
    return null;
  }
  const store = createSeriesStore({ clock: () => 0, maxPoints: 1_000_000 });
  for (const s of await loadTelemetry(journal)) {
    store.append(s.metric, s.scope, s.points);
  }
  const series: Series[] = store.keys().map((k) => ({
    metric: k.metric,
    ring: chartRing(k.scope),
    points: store.downsampled(k.metric, k.scope, POINTS_PER_LINE).map((p) => ({ t: p.t, v: p.v })),
  }));
  return { series: mergeSeries(series), markers: chartMarkers(events) };
}

/** Series of the same metric and line joined, points in time order. */
function mergeSeries(all: readonly Series[]): Series[] {
  const lines = new Map<string, Series>();
  for (const s of all) {
    const key = `${s.metric}\u0000${s.ring}`;
    const line = lines.get(key) ?? { metric: s.metric, ring: s.ring, points: [] };
    line.points.push(...s.points);
    lines.set(key, line);
  }
  for (const line of lines.values()) {
    line.points.sort((a, b) => a.t - b.t);
  }
  return [...lines.values()];
}
