/**
 * At most once, never late: what to do with a stamped command before running it. Pure; the
 * runtime keeps the ledger (journal + memory) and asks {@link screenCommand}.
 */
import type { CommandStamp } from './kinds';
import { clockTime } from '../words/clock-time';

/** How a command ended: carried out, or refused with a sentence a person can read. */
export type CommandOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What to do with a command: run it, answer with its first outcome, or refuse it as late. */
export type Screening =
  | { readonly kind: 'run' }
  | { readonly kind: 'repeat'; readonly outcome: CommandOutcome }
  | { readonly kind: 'expired'; readonly reason: string };

/**
 * The refusal of a command whose deadline has passed at `now`, or null while it is valid:
 * "expired: issued at 14:02:07 UTC, deadline passed 12 s ago".
 */
export function expiryReason(stamp: CommandStamp, now: number): string | null {
  if (now <= stamp.deadline) {
    return null;
  }
  const late = Math.max(1, Math.round((now - stamp.deadline) / 1000));
  return `expired: issued at ${clockTime(stamp.issuedAt)} UTC, deadline passed ${late} s ago; nothing was done`;
}

/**
 * Decides the fate of a stamped command. A known id gets its first outcome back (even when
 * the retry arrives after the deadline: the answer is about what already happened); an
 * unknown id runs only before its deadline.
 */
export function screenCommand(
  stamp: CommandStamp,
  now: number,
  known: (id: string) => CommandOutcome | undefined,
): Screening {
  const first = known(stamp.id);
  if (first !== undefined) {
    return { kind: 'repeat', outcome: first };
  }
  const late = expiryReason(stamp, now);
  return late === null ? { kind: 'run' } : { kind: 'expired', reason: late };
}

/**
 * Ids of the commands a journal shows as carried out: events written by a command carry
 * its id (`commandId`), so a retry after a crash or restart is not run again.
 */
export function acceptedCommandIds(
  events: Iterable<{ readonly commandId?: string | undefined }>,
): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.commandId !== undefined) {
      ids.add(e.commandId);
    }
  }
  return ids;
}
