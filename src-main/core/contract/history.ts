/**
 * The workspace's rollouts as the History view lists them, and a host's steps across them.
 * Every rollout is one journal under the workspace's journal root; its `id` is that journal's
 * directory name, which the facade only ever looks up in its own list (never a path).
 */
import { z } from 'zod';
import { RolloutStatusSchema } from './view-model';

/** A rollout id: a journal directory name the facade listed. */
export const RolloutIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._-]+$/, 'a rollout id is a journal directory name');

/** One rollout of the workspace, newest first in `listRollouts`. */
export const RolloutSummarySchema = z.strictObject({
  id: RolloutIdSchema,
  release: z.strictObject({ name: z.string(), version: z.string(), previous: z.string() }),
  status: RolloutStatusSchema,
  /** The status in the console's words ("rolled back", "done"). */
  outcome: z.string(),
  startedAt: z.number(),
  /** When it finished (done, rolled back, aborted); null while it runs or waits. */
  endedAt: z.number().nullable(),
  /** ms from start to end, or to its last event when unfinished. */
  durationMs: z.number().nonnegative(),
  hosts: z.number().int().nonnegative(),
  /** The rollout this console drives now. */
  live: z.boolean(),
  /** Who created it. */
  by: z.string(),
});
export type RolloutSummary = z.infer<typeof RolloutSummarySchema>;

/** One step of one host in one rollout. */
export const HostHistoryEntrySchema = z.strictObject({
  rollout: RolloutIdSchema,
  version: z.string(),
  at: z.number(),
  phase: z.enum(['deploy', 'rollback', 'verify']),
  step: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'in doubt']),
  detail: z.string(),
  durationMs: z.number().nullable(),
});
export type HostHistoryEntry = z.infer<typeof HostHistoryEntrySchema>;

/** A host's history: its steps across every rollout, newest first. */
export const HostHistorySchema = z.strictObject({
  host: z.string(),
  entries: z.array(HostHistoryEntrySchema),
});
export type HostHistory = z.infer<typeof HostHistorySchema>;
