/** The team journal's lease, hooks and errors (pg-journal.ts), apart so that file stays short. */
import type { SpillFile } from './spill';

/** What the journal needs to know about the lease it writes under. */
export interface HeldLease {
  readonly rollout: string;
  readonly epoch: number;
  readonly leaseMs: number;
}

/** Thrown (as an append's rejection) once the lease is lost; its message is one line. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/**
 * The database refused an append on a rule of who may do what (identity, approvals,
 * rights): the command is refused, nothing of it was written. Its message is one line.
 */
export class DatabaseRefusal extends Error {
  override name = 'DatabaseRefusal';
}

/** Options of {@link PgJournal}. */
export interface PgJournalHooks {
  /** Called once when the lease is lost, with one line saying why. */
  readonly onLost: (why: string) => void;
  /** Heartbeat trouble that is not (yet) a loss: the database did not answer. */
  readonly warn: (line: string) => void;
  /**
   * Where break-glass records go while the database is unreachable (spill.ts), or null for
   * a journal that only holds its appends (a one-shot command, a test of the fence).
   */
  readonly spill: SpillFile | null;
}
