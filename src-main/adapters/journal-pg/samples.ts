/**
 * The samples table (schema-v4.ts): the driver writes a batch of downsampled points in one
 * statement, fenced by its lease epoch, that also notifies the samples channel; a follower reads a rollout's points,
 * all of them or those from a bucket on.
 */
import type { Queryable } from './lease';
import { SAMPLES_CHANNEL } from './schema-v4';

/** One downsampled point: the mean `v` of `n` points in the bucket starting at `t` (ms). */
export interface TeamSample {
  readonly metric: string;
  readonly scope: string;
  readonly t: number;
  readonly v: number;
  readonly n: number;
}

/**
 * What became of a batch: written; not written because the writer's lease has expired (its
 * epoch is still the rollout's, so a renewal may bring it back); or not written because the
 * lease is another's now (`stale`: a takeover, or a later driver), which is final.
 */
export type SamplesWritten = 'written' | 'expired' | 'stale';

/**
 * Writes `samples` of `rollout` (at most one per metric, scope and bucket) and notifies the
 * samples channel, in one statement, only while `epoch` is the rollout's lease and unexpired:
 * the same fence as an event's append (schema.ts ringside_fence), the lease row read FOR
 * SHARE so that a takeover and a batch are serialised. A bucket already stored keeps the
 * mean of both.
 */
export async function writeTeamSamples(
  client: Queryable,
  rollout: string,
  epoch: number,
  samples: readonly TeamSample[],
): Promise<SamplesWritten> {
  if (samples.length === 0) {
    return 'written';
  }
  const r = await client.query<{ ours: boolean; live: boolean }>(
    `WITH lease AS (
       SELECT epoch = $7 AS ours, expires_at >= now() AS live
         FROM ringside_leases WHERE rollout = $1 FOR SHARE),
     written AS (
       INSERT INTO ringside_samples AS s (rollout, metric, scope, t, v, n)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::float8[], $6::int[])
        WHERE EXISTS (SELECT 1 FROM lease WHERE ours AND live)
       ON CONFLICT (rollout, metric, scope, t) DO UPDATE
         SET v = (s.v * s.n + EXCLUDED.v * EXCLUDED.n) / (s.n + EXCLUDED.n),
             n = s.n + EXCLUDED.n
       RETURNING 1),
     fence AS (
       SELECT coalesce((SELECT ours FROM lease), false) AS ours,
              coalesce((SELECT live FROM lease), false) AS live,
              (SELECT count(*) FROM written) AS n)
     SELECT ours, live, CASE WHEN ours AND live THEN pg_notify('${SAMPLES_CHANNEL}', $1) END
       FROM fence`,
    [
      rollout,
      samples.map((s) => s.metric),
      samples.map((s) => s.scope),
      samples.map((s) => s.t),
      samples.map((s) => s.v),
      samples.map((s) => s.n),
      epoch,
    ],
  );
  const row = r.rows[0];
  if (row === undefined || !row.ours) {
    return 'stale';
  }
  return row.live ? 'written' : 'expired';
}

/** The samples of `rollout` with `t >= fromT` (all: 0), in time order. */
export async function readTeamSamples(
  client: Queryable,
  rollout: string,
  fromT = 0,
): Promise<TeamSample[]> {
  const r = await client.query<{ metric: string; scope: string; t: string; v: number; n: number }>(
    `SELECT metric, scope, t, v, n FROM ringside_samples
      WHERE rollout = $1 AND t >= $2 ORDER BY t, metric, scope`,
    [rollout, fromT],
  );
  return r.rows.map((row) => ({
    metric: row.metric,
    scope: row.scope,
    t: Number(row.t),
    v: row.v,
    n: row.n,
  }));
}
