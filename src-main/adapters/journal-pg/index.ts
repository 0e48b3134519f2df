/**
 * The team journal: the rollout journal in PostgreSQL, same records and hash chain as the
 * file journal, appends fenced by a lease epoch. See schema.ts for what the database checks.
 */
export { isTeamUrl, parseTeamUrl, redactUrlPasswords, type TeamUrl } from './url';
export { connectTeam, clientConfig, describePgError } from './connect';
export {
  SCHEMA_VERSION,
  EVENTS_CHANNEL,
  FENCE_ERRORS,
  IDENTITY_ERRORS,
  MIGRATIONS,
  initSchema,
  checkSchema,
  schemaVersion,
  type InitResult,
} from './schema';
export {
  acquireLease,
  renewLease,
  releaseLease,
  readLease,
  type LeaseClaimant,
  type Queryable,
  type LeaseRow,
  type AcquireResult,
} from './lease';
export { PgJournal, LeaseLostError, DatabaseRefusal, type HeldLease } from './pg-journal';
export {
  openPgJournal,
  databaseLogin,
  leaseView,
  DEFAULT_LEASE_MS,
  type OpenPgJournalOptions,
  type OpenPgJournalResult,
} from './open-pg-journal';
export { readRollout, type ReadRolloutResult } from './read-rollout';
export { loadTeamRollout, type LoadTeamResult } from './load-team';
export { followRollout, type Follow, type FollowOptions } from './follow';
export { COMMANDS_CHANNEL, ANSWERS_CHANNEL, COMMAND_ERRORS } from './schema-v3';
export {
  insertTeamCommand,
  readTeamAnswer,
  withdrawTeamCommand,
  openTeamCommands,
  claimTeamCommand,
  answerTeamCommand,
  type OpenTeamCommand,
  type TeamAnswer,
} from './commands';
export {
  readTeamHeads,
  readTeamWatchers,
  followerApplicationName,
  type TeamRolloutHead,
  type TeamWatcher,
} from './team-index';
export { readTeamRole, type TeamRole } from './rights';
export { SAMPLES_CHANNEL } from './schema-v4';
export { writeTeamSamples, readTeamSamples, type TeamSample, type SamplesWritten } from './samples';
