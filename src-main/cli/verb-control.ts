import { resolve } from 'node:path';
import { resolveJournalPath } from '../adapters/journal';
import {
  checkSchema,
  connectTeam,
  describePgError,
  isTeamUrl,
  parseTeamUrl,
  readLease,
  type TeamUrl,
} from '../adapters/journal-pg';
import { parseDuration } from '../core/duration';
import { applyDirect } from '../runtime/direct-command';
import type { RolloutOperatorCommand } from '../runtime/operator-command';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';
import { deliverCommand } from './deliver-command';
import { issueCommand } from './issue-command';
import { sendTeamCommand } from '../runtime/team-command-client';
import { sendToInbox, teamInboxDir } from './inbox';
import { existsSync } from 'node:fs';
import { teamByWords } from '../core/words';

type ControlName =
  'promote' | 'approve-promotion' | 'pause' | 'resume' | 'halt' | 'abort' | 'rollback';

const what: Record<ControlName, string> = {
  promote: 'promote the active ring to the next (or accept the last ring)',
  'approve-promotion':
    'approve promoting the active ring when its plan asks for approvals (the last one promotes it)',
  pause: 'pause the rollout (running steps finish)',
  resume: 'resume a paused rollout',
  halt: 'halt the active ring now (running deploy steps are cancelled; it rolls back if the plan says so)',
  abort: 'abort the rollout (no further steps)',
  rollback: 'roll back the latest ring (or all rings) in reverse domain order',
};

function usage(name: ControlName): string {
  const extra =
    name === 'approve-promotion'
      ? `  --ring NAME       the ring you mean (refused unless it is the one waiting)
  --note TEXT       a note journaled with the promotion, if this approval completes it
  --override        approve promoting although bake or gates say no; --reason is then
                    required and journaled

A ring with promotion: { approvals: N } in the plan is promoted once N different people
approved it; the same person twice is refused. On a team journal (postgres://…) the person
is your database login and approving needs the role ringside_approver.\n`
      : name === 'promote'
        ? `  --note TEXT       a note journaled with the promotion
  --override        promote although bake or gates say no; --reason is then required
                    and journaled as the override reason (without --override, --reason
                    is taken as the note)\n`
        : name === 'rollback'
          ? `  --scope ring|all  the latest ring only (default) or every ring
  --emergency       do not wait for deploys or bakes to end\n`
          : '';
  return `Usage: ringside ${name} JOURNAL [--reason TEXT] [--by NAME] [--timeout DUR]${name === 'promote' ? ' [--note TEXT] [--override]' : ''}${name === 'approve-promotion' ? ' [--ring NAME] [--note TEXT] [--override]' : ''}${name === 'rollback' ? ' [--scope ring|all] [--emergency]' : ''}

${what[name][0]?.toUpperCase()}${what[name].slice(1)}. JOURNAL is the journal directory (or file) a
ringside run uses, or a team journal (postgres://…/DB?rollout=NAME). When a run holds it (on
a team journal: a live driver holds the lease), the command is handed to that run (through
the database's commands table) and its answer printed; otherwise it is journaled directly.
With the team database unreachable, pause, halt, abort and rollback run in the driver's directory
reach it on this machine (break-glass: journaled to its spill file, reconciled later).

  --reason TEXT     why (journaled; required for pause, halt, abort and rollback)
  --by NAME         who (default: $USER); a local journal only: on a team journal you are
                    your database login
  --timeout DUR     how long to wait for a running rollout's answer (default 15s, at most
                    30s); without one the command is withdrawn and never runs
${extra}
The command gets an id and a 30 s deadline when you run this: it is carried out at most once
(a retry of the same id is answered with the first outcome) and never after the deadline.

Exit codes: 0 accepted, 2 refused (the reason on one line) or bad input, 1 no answer.`;
}

/** The operator command the person typed, before its stamp (see issueCommand). */
function commandBody(
  name: ControlName,
  v: {
    reason?: string;
    note?: string;
    override?: boolean;
    scope?: string;
    emergency?: boolean;
    ring?: string;
  },
  by: string,
): Record<string, unknown> {
  const reason = v.reason?.trim() ?? '';
  switch (name) {
    case 'approve-promotion': {
      if (v.override === true && reason === '') {
        throw new UsageError(
          'ringside approve-promotion: --override needs --reason TEXT (it is journaled)',
        );
      }
      return {
        kind: 'approvePromotion',
        by,
        ...(v.ring !== undefined ? { ring: v.ring } : {}),
        ...(v.note !== undefined ? { note: v.note } : {}),
        ...(v.override === true ? { override: { reason } } : {}),
      };
    }
    case 'promote': {
      if (v.override === true) {
        if (reason === '') {
          throw new UsageError(
            'ringside promote: --override needs --reason TEXT (it is journaled)',
          );
        }
        return {
          kind: 'promote',
          by,
          override: { reason },
          ...(v.note !== undefined ? { note: v.note } : {}),
        };
      }
      // Without --override, --reason is an older spelling of --note.
      const note = v.note ?? (reason !== '' ? reason : undefined);
      return { kind: 'promote', by, ...(note !== undefined ? { note } : {}) };
    }
    case 'pause':
    case 'halt':
    case 'abort':
      if (reason === '') {
        throw new UsageError(`ringside ${name}: --reason TEXT is required (it is journaled)`);
      }
      return { kind: name, by, reason };
    case 'resume':
      return { kind: 'resume', by, ...(reason !== '' ? { reason } : {}) };
    case 'rollback': {
      const scope = v.scope ?? 'ring';
      if (scope !== 'ring' && scope !== 'all') {
        throw new UsageError(`ringside rollback: --scope must be 'ring' or 'all', got '${scope}'`);
      }
      if (reason === '') {
        throw new UsageError('ringside rollback: --reason TEXT is required (it is journaled)');
      }
      return {
        kind: 'rollback',
        by,
        reason,
        scope,
        ...(v.emergency === true ? { emergency: true } : {}),
      };
    }
    default: {
      const never: never = name;
      return never;
    }
  }
}

async function control(name: ControlName, argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseVerbArgs(name, argv, {
    reason: { type: 'string' },
    by: { type: 'string' },
    timeout: { type: 'string' },
    ...(name === 'promote' || name === 'approve-promotion'
      ? { override: { type: 'boolean' }, note: { type: 'string' } }
      : {}),
    ...(name === 'approve-promotion' ? { ring: { type: 'string' } } : {}),
    ...(name === 'rollback' ? { scope: { type: 'string' }, emergency: { type: 'boolean' } } : {}),
  });
  const journal = positionals[0];
  if (positionals.length !== 1 || journal === undefined) {
    throw new UsageError(
      `ringside ${name}: expected exactly one JOURNAL, got ${positionals.length} (see ringside ${name} --help)`,
    );
  }
  const v = values as {
    timeout?: string;
    reason?: string;
    note?: string;
    by?: string;
    override?: boolean;
    scope?: string;
    emergency?: boolean;
    ring?: string;
  };
  const timeoutMs = v.timeout === undefined ? 15_000 : parseDuration(v.timeout);
  if (timeoutMs === undefined || timeoutMs < 1_000 || timeoutMs > 30_000) {
    throw new UsageError(
      `ringside ${name}: --timeout must be a duration from 1s to 30s (the command's deadline), got '${v.timeout ?? ''}'`,
    );
  }
  const team = isTeamUrl(journal);
  if (team && v.by !== undefined) {
    throw new UsageError(teamByWords(`ringside ${name}`));
  }
  // On a team journal the database login replaces this name before anything is decided.
  const command = issueCommand(name, commandBody(name, v, v.by ?? io.env.USER ?? 'ringside'));
  if (team) {
    return controlTeam(name, journal, command, timeoutMs, io);
  }
  const paths = resolveJournalPath(resolve(io.cwd, journal));
  const direct = await applyDirect(paths.file, command);
  return deliverCommand(name, name, command, paths, direct, io, timeoutMs);
}

/** promote | approve-promotion | pause | resume | halt | abort | rollback JOURNAL. */
export const controlVerbs: readonly Verb[] = (
  ['promote', 'approve-promotion', 'pause', 'resume', 'halt', 'abort', 'rollback'] as const
).map((name) => ({
  name,
  summary: what[name],
  usage: usage(name),
  run: (argv: readonly string[], io: CliIo) => control(name, argv, io),
}));

/**
 * A command to a team journal: journaled directly while nobody drives the rollout (a `run`
 * without --auto-promote stops, freeing its lease, when it waits for promotion); handed to
 * the live driver through the commands table otherwise, and its answer printed.
 */
async function controlTeam(
  name: ControlName,
  journal: string,
  command: RolloutOperatorCommand,
  timeoutMs: number,
  io: CliIo,
): Promise<number> {
  const url = parseTeamUrl(journal);
  if (typeof url === 'string') {
    throw new UsageError(`ringside ${name}: ${url}`);
  }
  if (url.rollout === null) {
    throw new UsageError(
      `ringside ${name}: ${url.shown}: add ?rollout=NAME (the rollout in that database)`,
    );
  }
  const rollout = url.rollout;
  const live = await liveDriver({ ...url, rollout }, io.env);
  if (typeof live === 'string') {
    return breakGlass(name, live, rollout, command, timeoutMs, io);
  }
  if (!live) {
    const direct = await applyDirect(journal, command, Date.now, { env: io.env });
    switch (direct.kind) {
      case 'accepted':
        io.out(`${name}: accepted (journaled in ${url.shown})`);
        return Exit.ok;
      case 'refused':
        io.err(`ringside ${name}: refused: ${direct.reason}`);
        return Exit.badInput;
      case 'locked':
        // A driver started between the look and the attempt: it takes the command.
        break;
      case 'bad-journal':
        io.err(`ringside ${name}: ${direct.message}`);
        return Exit.badInput;
      default: {
        const never: never = direct;
        return never;
      }
    }
  }
  const sent = await sendTeamCommand({ ...url, rollout }, io.env, command, timeoutMs);
  switch (sent.kind) {
    case 'answered':
      if (sent.outcome.ok) {
        io.out(`${name}: accepted by the live driver of rollout ${rollout} (${url.shown})`);
        return Exit.ok;
      }
      io.err(`ringside ${name}: refused: ${sent.outcome.reason}`);
      return Exit.badInput;
    case 'withdrawn':
      io.err(`ringside ${name}: ${sent.message}`);
      return Exit.internal;
    case 'failed':
      io.err(`ringside ${name}: ${sent.message}`);
      return Exit.badInput;
    default: {
      const never: never = sent;
      return never;
    }
  }
}

/** Whether a driver holds the rollout's lease now; a string when the database cannot say. */
async function liveDriver(
  url: TeamUrl & { readonly rollout: string },
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean | string> {
  const conn = await connectTeam(url, env, `ringside command ${url.rollout}`);
  if (!conn.ok) {
    return conn.message;
  }
  try {
    const schema = await checkSchema(conn.client, url.shown, url.databaseShown);
    if (schema !== null) {
      return schema;
    }
    const lease = await readLease(conn.client, url.rollout);
    return lease !== null && !lease.released && lease.remainingMs > 0;
  } catch (e) {
    return describePgError(e, url);
  } finally {
    await conn.client.end().catch(() => undefined);
  }
}

/**
 * The team database cannot be reached: a pause, halt, abort or rollback still reaches a driver of
 * the rollout on this machine (run from the same directory) through its local inbox; it is
 * journaled to the driver's spill file and reconciled when the database answers.
 */
async function breakGlass(
  name: ControlName,
  unreachable: string,
  rollout: string,
  command: RolloutOperatorCommand,
  timeoutMs: number,
  io: CliIo,
): Promise<number> {
  const dir = teamInboxDir(io.cwd, rollout);
  if (!['pause', 'halt', 'abort', 'rollback'].includes(name) || !existsSync(dir)) {
    io.err(`ringside ${name}: ${unreachable}`);
    return Exit.badInput;
  }
  const answer = await sendToInbox(dir, command, timeoutMs);
  if (answer.ok) {
    io.out(
      `${name}: accepted by the driver of rollout ${rollout} on this machine (break-glass: ${unreachable}; journaled to its spill file until the database answers)`,
    );
    return Exit.ok;
  }
  if ('noAnswer' in answer) {
    io.err(`ringside ${name}: ${unreachable}; and ${answer.reason}`);
    return Exit.internal;
  }
  io.err(`ringside ${name}: refused: ${answer.reason}`);
  return Exit.badInput;
}
