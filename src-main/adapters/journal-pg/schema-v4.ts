/**
 * Version 4 of the team schema: a team rollout's telemetry samples, downsampled by its driver,
 * so that every desk following it draws the same charts as the driver's.
 *
 * - `ringside_samples`: one row per (rollout, metric, scope, bucket start `t` in ms). `v` is
 *   the mean of the `n` points the driver saw in that bucket; a bucket written again (its
 *   points arrived in two batches) keeps the mean of all of them (samples.ts).
 *   ringside_operator may INSERT and UPDATE (the driver writes), ringside_viewer SELECT.
 * - Each batch notifies {@link SAMPLES_CHANNEL} with the rollout's name, at its commit.
 */

/** The channel a batch of samples notifies (payload the rollout's name). */
export const SAMPLES_CHANNEL = 'ringside_samples';

export const V4 = `
CREATE TABLE ringside_samples (
  rollout text NOT NULL,
  metric text NOT NULL,
  scope text NOT NULL,
  t bigint NOT NULL,
  v double precision NOT NULL,
  n integer NOT NULL CHECK (n >= 1),
  PRIMARY KEY (rollout, metric, scope, t)
);
`;

/** Grants of the samples table (part of every init's roles script). */
export const SAMPLES_GRANTS = `
GRANT SELECT ON ringside_samples TO ringside_viewer;
GRANT INSERT, UPDATE ON ringside_samples TO ringside_operator;
`;
