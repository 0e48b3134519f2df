/**
 * An operator command applied to a journal no process is driving: take the lock, replay,
 * decide, append (fsync), release. Used by `ringside promote|pause|...` when no `run` holds
 * the journal (otherwise the command goes through the inbox).
 */
import { existsSync } from 'node:fs';
import { openJournal, resolveJournalPath, type OpenJournalResult } from '../adapters/journal';
import { DatabaseRefusal, PgJournal, isTeamUrl, openPgJournal } from '../adapters/journal-pg';
import { decide, parseRolloutEvent, type RolloutEvent, type RolloutState } from '../core/rollout';
import { acceptedCommandIds, screenCommand, type CommandStamp } from '../core/commands';
import { toEngineCommand, type RolloutOperatorCommand } from './operator-command';
import { resumeAtCheckpoint, resumedState, type ResumePoint } from './resume-point';

/**
 * Where a team journal's password settings are read. Who sends the command is not an
 * option: on a team journal it is the database login (see {@link withIdleJournal}).
 */
export interface TeamCommandOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What happened to a command sent to a journal. */
export type DirectResult =
  | { readonly kind: 'accepted'; readonly events: readonly RolloutEvent[] }
  | { readonly kind: 'refused'; readonly reason: string }
  /** A live process holds the lock: hand the command to it through the inbox. */
  | { readonly kind: 'locked'; readonly message: string }
  | { readonly kind: 'bad-journal'; readonly message: string };

/**
 * Takes the journal's lock when no process drives it, replays it and hands the state to
 * `act`; whatever events `act` accepts are appended (fsynced) before the lock is released.
 * The one way every direct command (promote, approve, ...) touches a journal. `act` gets
 * the person acting when the journal decides it: on a team journal the database login
 * (null on a file journal: the command's own `by`). A rule the database enforces
 * (identity, approvals, rights) refuses the command in one line.
 */
export async function withIdleJournal(
  journalPath: string,
  act: (state: RolloutState, login: string | null) => Promise<DirectResult>,
  command?: { readonly stamp: CommandStamp; readonly now: () => number },
  team?: TeamCommandOptions,
): Promise<DirectResult> {
  let opened: OpenJournalResult<RolloutEvent>;
  // Set while opening a file journal from its checkpoint.
  const resume: { point: ResumePoint | null } = { point: null };
  if (isTeamUrl(journalPath)) {
    // A team rollout nobody drives: hold its lease for the one append, then free it.
    opened = await openPgJournal<RolloutEvent>(journalPath, {
      env: team?.env ?? {},
      parseEvent: parseRolloutEvent,
    });
  } else {
    const paths = resolveJournalPath(journalPath);
    if (!existsSync(paths.file)) {
      return { kind: 'bad-journal', message: `${paths.file}: no journal there` };
    }
    opened = await openJournal<RolloutEvent>(journalPath, {
      parseEvent: parseRolloutEvent,
      resumeAt: resumeAtCheckpoint(null, (point) => {
        resume.point = point;
      }),
    });
  }
  if (!opened.ok) {
    return opened.error.kind === 'locked'
      ? { kind: 'locked', message: opened.error.message }
      : { kind: 'bad-journal', message: opened.error.message };
  }
  const journal = opened.journal;
  try {
    const state = resumedState(resume.point, journal.loadedEvents());
    if (state.plan === null) {
      return { kind: 'bad-journal', message: `${journal.path}: the journal holds no rollout` };
    }
    if (command !== undefined) {
      // At most once: the journal shows whether this command id was carried out already.
      const carriedOut = new Set([
        ...(resume.point?.carried ?? []),
        ...acceptedCommandIds(journal.loadedEvents()),
      ]);
      const screening = screenCommand(command.stamp, command.now(), (id) =>
        carriedOut.has(id) ? { ok: true } : undefined,
      );
      if (screening.kind === 'repeat') {
        return { kind: 'accepted', events: [] };
      }
      if (screening.kind === 'expired') {
        return { kind: 'refused', reason: screening.reason };
      }
    }
    const result = await act(state, journal instanceof PgJournal ? journal.login : null);
    if (result.kind === 'accepted' && result.events.length > 0) {
      const [first, ...rest] = result.events;
      const events =
        command !== undefined && first !== undefined
          ? [{ ...first, commandId: command.stamp.id }, ...rest]
          : result.events;
      try {
        await journal.append(events);
      } catch (e) {
        if (e instanceof DatabaseRefusal) {
          return { kind: 'refused', reason: e.message };
        }
        throw e;
      }
      return { kind: 'accepted', events };
    }
    return result;
  } finally {
    await journal.close();
  }
}

/**
 * Applies `command` to the journal at `journalPath` (directory or file), if nobody drives
 * it: at most once per command id (a repeat is answered `accepted` with no new events), and
 * never after its deadline.
 */
export function applyDirect(
  journalPath: string,
  command: RolloutOperatorCommand,
  now: () => number = Date.now,
  team?: TeamCommandOptions,
): Promise<DirectResult> {
  return withIdleJournal(
    journalPath,
    async (state, login) => {
      const as = login === null ? command : { ...command, by: login };
      const d = decide(state, toEngineCommand(as), now());
      return d.ok ? { kind: 'accepted', events: d.events } : { kind: 'refused', reason: d.reason };
    },
    { stamp: command.stamp, now },
    team,
  );
}
