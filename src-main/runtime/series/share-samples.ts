/**
 * A team rollout's telemetry for the other desks: every point the monitor collects is folded
 * into its series' 5 s bucket (the bucket's mean), and every ~2 s the buckets touched since
 * the last batch are written to the team database's samples table in one statement that
 * notifies the followers (adapters/journal-pg/samples.ts). Never in the engine's way: a
 * batch that fails is said once and kept for the next one; closing writes what is left.
 * Fenced like the driver's events: a batch is written only under the driver's lease epoch;
 * once another driver holds the lease, this one says so once and shares nothing more.
 */
import pg from 'pg';
import {
  clientConfig,
  describePgError,
  writeTeamSamples,
  type TeamSample,
  type TeamUrl,
} from '../../adapters/journal-pg';
import { samplesFencedWords, samplesLeaseExpiredWords } from '../../core/words';
import type { SeriesStore } from './series-store';

/** The bucket one stored point stands for. */
export const SAMPLE_BUCKET_MS = 5_000;
/** How often a batch is written. */
export const SAMPLE_BATCH_MS = 2_000;

/** Options of {@link shareSamples}. */
export interface ShareSamplesOptions {
  readonly url: TeamUrl;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly rollout: string;
  /** The lease epoch the driver holds: batches are written only while it is current. */
  readonly epoch: number;
  readonly warn: (line: string) => void;
}

interface Bucket {
  readonly metric: string;
  readonly scope: string;
  readonly t: number;
  sum: number;
  n: number;
}

/** Starts sharing what `series` collects from now on; `close()` writes the rest and stops. */
export function shareSamples(
  series: SeriesStore,
  o: ShareSamplesOptions,
): { flush(): Promise<void>; close(): Promise<void> } {
  const pool = new pg.Pool({ ...clientConfig(o.url, o.env, 'ringside samples'), max: 1 });
  pool.on('error', () => undefined);
  let pending = new Map<string, Bucket>();
  const add = (b: Bucket): void => {
    const key = `${b.metric}\u0000${b.scope}\u0000${b.t}`;
    const had = pending.get(key);
    if (had) {
      had.sum += b.sum;
      had.n += b.n;
    } else {
      pending.set(key, { ...b });
    }
  };
  const unsubscribe = series.subscribe((e) => {
    if (e.type !== 'points') {
      return;
    }
    for (const p of e.points) {
      if (Number.isFinite(p.v) && Number.isFinite(p.t)) {
        const t = Math.floor(p.t / SAMPLE_BUCKET_MS) * SAMPLE_BUCKET_MS;
        add({ metric: e.metric, scope: e.scope, t, sum: p.v, n: 1 });
      }
    }
  });
  let failing = false;
  /** Another driver holds the lease: nothing more is shared. */
  let fenced = false;
  let writing: Promise<void> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const keep = (batch: Map<string, Bucket>, why: string): void => {
    // Kept for the next batch (folded with what arrives meanwhile).
    for (const b of batch.values()) {
      add(b);
    }
    if (!failing) {
      failing = true;
      o.warn(why);
    }
  };
  const write = async (): Promise<void> => {
    const batch = pending;
    pending = new Map();
    if (batch.size === 0 || fenced) {
      return;
    }
    const samples: TeamSample[] = [...batch.values()].map((b) => ({
      metric: b.metric,
      scope: b.scope,
      t: b.t,
      v: b.sum / b.n,
      n: b.n,
    }));
    try {
      const written = await writeTeamSamples(pool, o.rollout, o.epoch, samples);
      if (written === 'stale') {
        fenced = true;
        pending = new Map();
        unsubscribe();
        if (timer !== null) {
          clearInterval(timer);
        }
        o.warn(samplesFencedWords(o.rollout, o.epoch));
        return;
      }
      if (written === 'expired') {
        keep(batch, samplesLeaseExpiredWords(o.rollout, o.epoch, SAMPLE_BATCH_MS / 1000));
        return;
      }
      if (failing) {
        failing = false;
        o.warn(`telemetry samples of ${o.rollout} reach the team database again`);
      }
    } catch (e) {
      keep(
        batch,
        `telemetry samples of ${o.rollout} not written to the team database (retried every ${SAMPLE_BATCH_MS / 1000} s): ${describePgError(e, o.url)}`,
      );
    }
  };
  const flush = async (): Promise<void> => {
    while (writing !== null) {
      await writing;
    }
    writing = write().finally(() => {
      writing = null;
    });
    await writing;
  };
  timer = setInterval(() => {
    if (writing === null) {
      void flush();
    }
  }, SAMPLE_BATCH_MS);
  timer.unref();
  let closed = false;
  return {
    flush,
    close: async () => {
      if (closed) {
        return;
      }
      closed = true;
      if (timer !== null) {
        clearInterval(timer);
      }
      unsubscribe();
      await flush();
      await pool.end().catch(() => undefined);
    },
  };
}
