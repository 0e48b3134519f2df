/**
 * The rollout journal: append-only, one JSON record per line, hash-chained, fsynced with
 * group commit, exclusively locked for writing. See record.ts for the line format.
 */
export {
  GENESIS_HASH,
  encodeRecord,
  decodeRecord,
  parseAnyEvent,
  type EventParser,
  type JournalEvent,
  type JournalRecord,
} from './record';
export {
  loadJournal,
  replayJournal,
  scanJournal,
  type JournalLoadError,
  type JournalLoadResult,
  type JournalScan,
  type JournalScanResult,
  type LoadOptions,
} from './load';
export type { Journal } from './journal-writer';
export {
  openJournal,
  type OpenJournalError,
  type OpenJournalOptions,
  type OpenJournalResult,
} from './open-journal';
export { acquireLock, type JournalLock, type LockHolder, type LockResult } from './lock';
export { resolveJournalPath, JOURNAL_FILE_NAME, LOCK_FILE_NAME, type JournalPaths } from './paths';
export { expectPlanHash, journalPlanHash, type PlanIdentityResult } from './plan-identity';
export { headAnchorPath, readHeadAnchor, type HeadAnchor } from './head-anchor';
