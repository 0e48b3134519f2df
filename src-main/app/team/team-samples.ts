/**
 * The charts of a team rollout on a following desk: its samples as the driver wrote them to
 * the team database (downsampled, runtime/series/share-samples.ts), read whole when the
 * rollout opens and again, from the newest buckets on, each time the follower hears of a
 * batch; what is new or changed goes to the page as onSamples pushes.
 */
import type { z } from 'zod';
import { readTeamSamples, type Queryable, type TeamSample } from '../../adapters/journal-pg';
import type { MetricView, pushSchemas, Series } from '../../core/contract';
import { SAMPLE_BUCKET_MS } from '../../runtime/series/share-samples';
import { chartRing } from '../telemetry-port';

export type SamplesPush = z.infer<(typeof pushSchemas)['onSamples']>;

/** One rollout's samples as read so far. */
export interface TeamSamples {
  /** Reads what is new since the last read; pushes it unless this is the first read. */
  refresh(): Promise<void>;
  /** The charted lines (one per ring, one baseline), optionally one metric, from `sinceMs`. */
  series(metric?: string, sinceMs?: number): Series[];
}

/** The samples of `rollout`, read through `pool`; new ones go to `push`. */
export function createTeamSamples(
  pool: Queryable,
  rollout: string,
  push: (s: SamplesPush) => void,
): TeamSamples {
  /** metric \0 scope → t → v */
  const lines = new Map<string, Map<number, number>>();
  let newest = -1;
  let first = true;
  let reading: Promise<void> | null = null;
  let again = false;

  const take = (rows: readonly TeamSample[]): void => {
    const changed = new Map<string, SamplesPush>();
    for (const r of rows) {
      const key = `${r.metric}\u0000${r.scope}`;
      const line = lines.get(key) ?? new Map<number, number>();
      lines.set(key, line);
      if (line.get(r.t) === r.v) {
        continue;
      }
      line.set(r.t, r.v);
      newest = Math.max(newest, r.t);
      const ring = chartRing(r.scope);
      const pushKey = `${r.metric}\u0000${ring}`;
      const p = changed.get(pushKey) ?? { metric: r.metric, ring, points: [] };
      p.points.push({ t: r.t, v: r.v });
      changed.set(pushKey, p);
    }
    if (!first) {
      for (const p of changed.values()) {
        push(p);
      }
    }
    first = false;
  };
  const read = async (): Promise<void> => {
    do {
      again = false;
      // The newest buckets may have been written again (their mean over more points).
      const from = newest < 0 ? 0 : newest - SAMPLE_BUCKET_MS;
      take(await readTeamSamples(pool, rollout, from));
    } while (again);
  };
  return {
    refresh: async () => {
      if (reading !== null) {
        again = true;
        return reading;
      }
      reading = read().finally(() => {
        reading = null;
      });
      return reading;
    },
    series: (metric, sinceMs) => {
      const out = new Map<string, Series>();
      for (const [key, points] of lines) {
        const [m = '', scope = ''] = key.split('\u0000');
        if (metric !== undefined && m !== metric) {
          continue;
        }
        const ring = chartRing(scope);
        const lineKey = `${m}\u0000${ring}`;
        const line = out.get(lineKey) ?? { metric: m, ring, points: [] };
        for (const [t, v] of points) {
          if (sinceMs === undefined || t >= sinceMs) {
            line.points.push({ t, v });
          }
        }
        out.set(lineKey, line);
      }
      for (const line of out.values()) {
        line.points.sort((a, b) => a.t - b.t);
      }
      return [...out.values()];
    },
  };
}

/**
 * The metrics to chart for a team rollout opened with no local plan: the journal does not
 * carry the plan's telemetry section (units, gate limits), so they are the names its driver
 * shared samples of, drawn in plain numbers and without limit lines.
 */
export function sharedMetricViews(series: readonly Series[]): MetricView[] {
  return [...new Set(series.map((s) => s.metric))]
    .sort()
    .map((name) => ({ name, unit: '', thresholds: [] }));
}
