/**
 * The commands table (schema-v3.ts), statement by statement: the issuer inserts a command,
 * reads its answer, and withdraws it when no answer came in time; the driver lists the open
 * commands of its rollout, claims one under its lease epoch, and answers it. The database
 * checks who may do each (triggers); these functions only say what happened.
 */
import type { CommandOutcome } from '../../core/commands';
import type { Queryable } from './lease';
import { COMMAND_ERRORS } from './schema-v3';

/** An open command as the driver reads it: `command` is untrusted JSON until parsed. */
export interface OpenTeamCommand {
  readonly id: string;
  /** The database login that inserted it (forced by the database): the person. */
  readonly issuedBy: string;
  readonly command: unknown;
}

/** The answer column read back, or null while there is none. */
export interface TeamAnswer {
  readonly outcome: CommandOutcome;
  /** True when the issuer withdrew it (no driver answered in time). */
  readonly withdrawn: boolean;
}

function code(e: unknown): string {
  return (e as { code?: string } | null)?.code ?? '';
}

/**
 * Inserts `command` (its stamp id is the row's id) for `rollout`. A retried insert of the
 * same id is the same command: nothing new. False when that id is another login's or another
 * rollout's command (the issuer then must not wait for an answer that is not theirs).
 */
export async function insertTeamCommand(
  client: Queryable,
  rollout: string,
  id: string,
  command: unknown,
): Promise<boolean> {
  await client.query(
    'INSERT INTO ringside_commands (id, rollout, command) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
    [id, rollout, JSON.stringify(command)],
  );
  const r = await client.query<{ mine: boolean }>(
    'SELECT rollout = $2 AND issued_by = session_user AS mine FROM ringside_commands WHERE id = $1',
    [id, rollout],
  );
  return r.rows[0]?.mine === true;
}

function toAnswer(raw: unknown): TeamAnswer {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    ok?: unknown;
    reason?: unknown;
    withdrawn?: unknown;
  };
  return {
    outcome:
      a.ok === true
        ? { ok: true }
        : { ok: false, reason: typeof a.reason === 'string' ? a.reason : 'refused' },
    withdrawn: a.withdrawn === true,
  };
}

/** The command's answer, or null while it has none. */
export async function readTeamAnswer(client: Queryable, id: string): Promise<TeamAnswer | null> {
  const r = await client.query<{ answer: unknown }>(
    'SELECT answer FROM ringside_commands WHERE id = $1 AND answered_at IS NOT NULL',
    [id],
  );
  const row = r.rows[0];
  return row === undefined ? null : toAnswer(row.answer);
}

/**
 * Withdraws the issuer's own unanswered command, so that it can never be carried out later:
 * `withdrawn`; `answered` when an answer came first (read it); `claimed` while the live
 * driver is deciding it (its answer is moments away: wait and read it).
 */
export async function withdrawTeamCommand(
  client: Queryable,
  id: string,
  reason: string,
): Promise<'withdrawn' | 'answered' | 'claimed'> {
  try {
    const r = await client.query(
      'UPDATE ringside_commands SET answered_at = now(), answer = $2 WHERE id = $1 AND answered_at IS NULL',
      [id, JSON.stringify({ ok: false, reason, withdrawn: true })],
    );
    return r.rowCount === 1 ? 'withdrawn' : 'answered';
  } catch (e) {
    if (code(e) === COMMAND_ERRORS.notWithdrawable) {
      return 'claimed';
    }
    throw e;
  }
}

/** The unanswered commands of `rollout`, oldest first. */
export async function openTeamCommands(
  client: Queryable,
  rollout: string,
): Promise<OpenTeamCommand[]> {
  const r = await client.query<{ id: string; issued_by: string; command: unknown }>(
    `SELECT id::text AS id, issued_by, command FROM ringside_commands
      WHERE rollout = $1 AND answered_at IS NULL ORDER BY issued_at, id`,
    [rollout],
  );
  return r.rows.map((row) => ({ id: row.id, issuedBy: row.issued_by, command: row.command }));
}

/**
 * Claims an open command for the driver holding lease `epoch`; false when it was answered
 * or withdrawn meanwhile, or the lease is no longer this driver's (the database checks).
 */
export async function claimTeamCommand(
  client: Queryable,
  id: string,
  epoch: number,
): Promise<boolean> {
  try {
    const r = await client.query(
      `UPDATE ringside_commands SET claimed_epoch = $2
        WHERE id = $1 AND answered_at IS NULL AND claimed_epoch IS DISTINCT FROM $2`,
      [id, epoch],
    );
    if (r.rowCount === 1) {
      return true;
    }
    const again = await client.query(
      'SELECT 1 FROM ringside_commands WHERE id = $1 AND answered_at IS NULL AND claimed_epoch = $2',
      [id, epoch],
    );
    return again.rowCount === 1;
  } catch (e) {
    if (code(e) === COMMAND_ERRORS.notTheDriver || code(e) === COMMAND_ERRORS.answered) {
      return false;
    }
    throw e;
  }
}

/**
 * Writes the driver's answer, unless the command is answered already (an accepted command's
 * events answered it in their own transaction). The database checks `epoch` is live.
 */
export async function answerTeamCommand(
  client: Queryable,
  id: string,
  epoch: number,
  outcome: CommandOutcome,
): Promise<void> {
  try {
    await client.query(
      `UPDATE ringside_commands SET answered_at = now(), answer = $3, answered_by_epoch = $2
        WHERE id = $1 AND answered_at IS NULL`,
      [id, epoch, JSON.stringify(outcome)],
    );
  } catch (e) {
    if (code(e) !== COMMAND_ERRORS.answered) {
      throw e;
    }
  }
}
