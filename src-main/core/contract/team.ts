/**
 * The team console's part of the contract: the rollouts of a team database (live ones first,
 * with who drives each) and the one a person opened, with who else watches it. Names are
 * rollout names of the team database (the same characters a journal directory name allows).
 */
import { z } from 'zod';
import { RolloutIdSchema } from './history';
import { ConsoleSnapshotSchema, RolloutStatusSchema } from './view-model';

/** Who drives a team rollout: the holder of its live lease. */
export const TeamDriverSchema = z.strictObject({
  holder: z.string(),
  machine: z.string(),
  /** The database login that holds the lease. */
  login: z.string(),
  /** When the lease expires unless renewed, ms since epoch. */
  until: z.number(),
});
export type TeamDriver = z.infer<typeof TeamDriverSchema>;

/** One rollout of the team database. */
export const TeamRolloutSummarySchema = z.strictObject({
  rollout: RolloutIdSchema,
  release: z.strictObject({ name: z.string(), version: z.string() }),
  status: RolloutStatusSchema,
  /** The status in the console's words. */
  outcome: z.string(),
  /** Who created it (a database login). */
  createdBy: z.string(),
  /** Null when nobody drives it (settled, or its driver's lease expired). */
  driver: TeamDriverSchema.nullable(),
  /** When its last event was written, ms since epoch. */
  lastEventAt: z.number(),
  /** This console shows it now. */
  open: z.boolean(),
});
export type TeamRolloutSummary = z.infer<typeof TeamRolloutSummarySchema>;

/** Another console (or `status --follow`) watching the same rollout. */
export const TeamWatcherSchema = z.strictObject({
  login: z.string(),
  /** The database session's process id (two desks of one login are two watchers). */
  pid: z.number().int(),
  since: z.number(),
});

/**
 * The most this console's login may do on the team database, read from its role memberships
 * (adapters/journal-pg/rights.ts): approve promotions (and command), send commands (operator),
 * watch (viewer), or nothing. The database still decides every command.
 */
export const TeamRoleSchema = z.enum(['approver', 'operator', 'viewer', 'none']);
export type TeamRole = z.infer<typeof TeamRoleSchema>;

/** The team rollout this console shows: the banner's facts. */
export const TeamRolloutViewSchema = z.strictObject({
  rollout: RolloutIdSchema,
  /** The database, as shown (never with a password). */
  database: z.string(),
  /** This console's database login: the person its commands are journaled as. */
  login: z.string(),
  /** What that login may do (read once when the connection opened). */
  role: TeamRoleSchema,
  createdBy: z.string(),
  release: z.strictObject({ name: z.string(), version: z.string() }),
  driver: TeamDriverSchema.nullable(),
  watchers: z.array(TeamWatcherSchema),
  /** Settled: shown read-only, no commands. */
  readOnly: z.boolean(),
  /** The live follow stopped (one line), or null while it follows or nothing is followed. */
  problem: z.string().nullable(),
});
export type TeamRolloutView = z.infer<typeof TeamRolloutViewSchema>;

/** What the team calls take and give. */
export const teamMethodSchemas = {
  /** The team database's rollouts: live ones first, then the most recent. */
  listTeamRollouts: { params: z.strictObject({}), result: z.array(TeamRolloutSummarySchema) },
  /** Opens (and follows live) a team rollout; the snapshot shows it from now on. */
  openTeamRollout: {
    params: z.strictObject({ rollout: RolloutIdSchema }),
    result: ConsoleSnapshotSchema,
  },
  /** The open team rollout's banner (null when none is open). */
  getTeamRollout: { params: z.strictObject({}), result: TeamRolloutViewSchema.nullable() },
  /** Stops showing the team rollout (back to this console's own rollouts). */
  closeTeamRollout: { params: z.strictObject({}), result: z.null() },
  /**
   * The password of the team database's login (Electron: kept by the OS keychain through
   * safeStorage; without one, for this session only), or null to forget it. Never pushed
   * back, logged or written to settings.
   */
  setTeamPassword: {
    params: z.strictObject({ password: z.string().min(1).max(1024).nullable() }),
    result: z.strictObject({ remembered: z.boolean(), note: z.string().nullable() }),
  },
} as const;
