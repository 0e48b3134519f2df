/**
 * The samples table (schema-v4.ts): the driver writes a batch of downsampled points in one
 * statement that also notifies the samples channel; a follower reads a rollout's points,
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
 * Writes `samples` of `rollout` (at most one per metric, scope and bucket) and notifies the
 * samples channel, in one statement. A bucket already stored keeps the mean of both.
 */
export async function writeTeamSamples(
  client: Queryable,
  rollout: string,
  samples: readonly TeamSample[],
): Promise<void> {
  if (samples.length === 0) {
    return;
  }
  await client.query(
    `WITH written AS (
       INSERT INTO ringside_samples AS s (rollout, metric, scope, t, v, n)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::float8[], $6::int[])
       ON CONFLICT (rollout, metric, scope, t) DO UPDATE
         SET v = (s.v * s.n + EXCLUDED.v * EXCLUDED.n) / (s.n + EXCLUDED.n),
             n = s.n + EXCLUDED.n
       RETURNING 1)
     SELECT pg_notify('${SAMPLES_CHANNEL}', $1) FROM (SELECT count(*) FROM written) c`,
    [
      rollout,
      samples.map((s) => s.metric),
      samples.map((s) => s.scope),
      samples.map((s) => s.t),
      samples.map((s) => s.v),
      samples.map((s) => s.n),
    ],
  );
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
