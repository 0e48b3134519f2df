/**
 * Team mode's sentences about leases: who drives a rollout, who took it over. One place,
 * so the CLI refusal, the takeover's journal note and the lost-lease line say it alike.
 */
import type { TeamRole } from '../contract/team';
import { eventKindWord } from './state-words';

/** A lease as these sentences need it; times are ISO 8601 strings. */
export interface LeaseView {
  readonly rollout: string;
  readonly holder: string;
  readonly machine: string;
  readonly pid: number;
  readonly epoch: number;
  readonly until: string;
}

/** `alice on build-7 (pid 4242, lease epoch 3) until 2026-…`. */
export function leaseHolderWords(l: LeaseView): string {
  return `${l.holder} on ${l.machine} (pid ${l.pid}, lease epoch ${l.epoch}) until ${l.until}`;
}

/** Why a second driver is refused while the lease is live (`takeoverUrl` names the rollout). */
export function leaseHeldWords(l: LeaseView, takeoverUrl: string): string {
  return `rollout ${l.rollout} is driven by ${leaseHolderWords(l)}; wait for it, run again with --wait, or take it over: ringside takeover '${takeoverUrl}' --reason TEXT`;
}

/** The journal note of a takeover. */
export function takeoverNoteWords(
  rollout: string,
  previous: LeaseView | null,
  reason: string,
): string {
  const from = previous === null ? 'nobody' : leaseHolderWords(previous);
  return `took over the lease of rollout ${rollout} from ${from}: ${reason}`;
}

/** What a driver that lost its lease says as it stops. */
export function leaseLostWords(rollout: string, epoch: number, why: string): string {
  return `lease of rollout ${rollout} lost (epoch ${epoch}): ${why}; this driver stops starting hosts and writes nothing more`;
}

/**
 * Why `--by` is refused on a team journal rather than ignored: the name would be silently
 * replaced by another (the login), and a script that says `--by alice` while connecting as
 * bob should fail where someone reads it, not journal bob without a word.
 */
export function teamByWords(verb: string): string {
  return `${verb}: --by names the person on a local journal only; on a team journal (postgres://…) you are your database login (the URL's user, or PGUSER): drop --by`;
}

/** A command row the driver cannot carry out as written (it is answered with this). */
export function teamCommandRefusedWords(id: string, why: string): string {
  return `command ${id} from the commands table: ${why}`;
}

/**
 * What the issuer of a team command reads when the live driver did not answer in time: the
 * command was withdrawn in the database, so it can never be carried out later.
 */
export function noDriverAnsweredWords(rollout: string, seconds: number): string {
  return `no driver of rollout ${rollout} answered within ${seconds} s; the command was withdrawn (it will not run later)`;
}

/** A login without ringside_operator tries to command a rollout: the database refused it. */
export function commandNotAllowedWords(login: string, rollout: string): string {
  return `the database refused it: the login "${login}" may not send commands to rollout ${rollout} (sending commands needs the role ringside_operator)`;
}

/** A spilled record as the break-glass sentences name it. */
export interface SpilledView {
  readonly seq: number;
  readonly type: string;
  readonly by: string | null;
  readonly reason: string | null;
}

function spilledList(lines: readonly SpilledView[]): string {
  return lines
    .map(
      (l) =>
        `#${l.seq} ${eventKindWord(l.type)}${l.by !== null ? ` by ${l.by}` : ''}${l.reason !== null ? ` (${l.reason})` : ''}`,
    )
    .join(', ');
}

/** Said once when a break-glass command is kept in the spill file instead of the database. */
export function spillStartedWords(file: string): string {
  return `the database is unreachable: break-glass (pause, halt, abort, rollback) goes on, journaled to ${file} until the database answers; no new host starts`;
}

/** Said when the spill is in the shared journal. */
export function spillReconciledWords(file: string, lines: readonly SpilledView[]): string {
  return `the database answers again: ${lines.length} break-glass record(s) from ${file} are in the team journal (${spilledList(lines)})`;
}

/** Why a spill could not be reconciled: exactly what is missing from the shared journal. */
export function spillNotReconciledWords(
  file: string,
  lines: readonly SpilledView[],
  why: string,
): string {
  return `${why}; NOT in the team journal, kept in ${file}: ${spilledList(lines)}`;
}

/** A team call on a console with no team database. */
export function noTeamDatabaseWords(what: string): string {
  return `${what}: this console has no team database (start it with ringside serve --team URL, or set the team database in Connections)`;
}

/** A team command while no team rollout is open, or the open one is settled. */
export function teamRolloutReadOnlyWords(what: string, rollout: string, status: string): string {
  return `${what}: team rollout ${rollout} is ${status}; it is shown read-only`;
}

/** Who drives a team rollout, as the console's list and banner say it. */
export function teamDriverWords(
  d: { readonly holder: string; readonly machine: string } | null,
): string {
  return d === null ? 'nobody drives it' : `driven by ${d.holder} on ${d.machine}`;
}

/** Who else watches a team rollout (each login once, with how many desks if more than one). */
export function teamWatchersWords(logins: readonly string[]): string {
  if (logins.length === 0) {
    return 'nobody else is watching';
  }
  const counts = new Map<string, number>();
  for (const l of logins) {
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const names = [...counts].map(([l, n]) => (n > 1 ? `${l} (${n} desks)` : l));
  return `also watching: ${names.join(', ')}`;
}

/** A console command for a team rollout nobody drives: nothing would answer it. */
export function teamNoDriverWords(rollout: string, url: string): string {
  return `nobody drives team rollout ${rollout} now, so no driver would carry it out; drive it (ringside run PLAN --journal '${url}'), or send it with the CLI, which journals it directly while nobody drives (e.g. ringside resume '${url}')`;
}

/** Who this console acts as on a team rollout and what that login may do (the banner). */
export function teamRoleWords(login: string, role: TeamRole): string {
  switch (role) {
    case 'approver':
      return `you act as ${login} — approver: you can send commands and approve promotions`;
    case 'operator':
      return `you act as ${login} — operator: you can send commands, not approve promotions`;
    case 'viewer':
      return `you act as ${login} — viewer: you can watch, not act`;
    case 'none':
      return `you act as ${login} — no Ringside role: you can neither watch nor act`;
    default: {
      const never: never = role;
      return never;
    }
  }
}

/**
 * Why a command button is disabled for this login on a team rollout (null: the login may send
 * it); `approve` asks about approving a promotion, which needs ringside_approver.
 */
export function teamRoleRefusalWords(
  login: string,
  role: TeamRole,
  what: 'command' | 'approve',
): string | null {
  if (role === 'viewer' || role === 'none') {
    const is = role === 'viewer' ? 'is a viewer' : 'has no Ringside role';
    return `${login} ${is} on the team database: sending commands needs the role ringside_operator`;
  }
  if (what === 'approve' && role !== 'approver') {
    return `${login} is an operator on the team database: approving promotions needs the role ringside_approver`;
  }
  return null;
}

/** A driver's samples batch found its lease taken: said once, and it shares no more. */
export function samplesFencedWords(rollout: string, epoch: number): string {
  return `telemetry samples of ${rollout} are no longer written to the team database: lease epoch ${epoch} is not current (another driver holds the rollout); this driver shares no more samples`;
}

/** A driver's samples batch found its lease expired (not taken): kept until it is renewed. */
export function samplesLeaseExpiredWords(rollout: string, epoch: number, seconds: number): string {
  return `telemetry samples of ${rollout} not written to the team database: lease epoch ${epoch} has expired (retried every ${seconds} s while it is renewed)`;
}

/** A team console started without a plan, before a team rollout is opened. */
export const teamNoLocalPlanWords =
  'No local plan: this console watches the team database. Open one of its rollouts in History → Team rollouts, or open a plan or the demo here.';
