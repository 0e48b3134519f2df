/**
 * `ringside run --journal postgres://…`: the team journal's options, the lease line said at
 * the start, and a run that ends in one line (never a stack trace) when the lease is lost or
 * the database fails mid-run. Nothing journaled is lost either way: the rows committed are
 * the rollout, and the next driver resumes from them.
 */
import path from 'node:path';
import { parseDuration } from '../core/duration';
import { isTeamUrl, parseTeamUrl, LeaseLostError, type LeaseRow } from '../adapters/journal-pg';
import type { RolloutEngine, RunOptions, RunOutcome, TeamDriving } from '../runtime';
import { Exit, UsageError, type CliIo } from './args';

/** A run on a team journal. */
export interface TeamRun {
  /** The URL as given (the driver connects with it). */
  readonly url: string;
  /** The URL as printed (password replaced). */
  readonly shown: string;
  /** The rollout the URL names. */
  readonly rollout: string;
  readonly driving: TeamDriving & { readonly leaseMs: number };
  /** Set once the lease is acquired. */
  lease: LeaseRow | null;
}

/** Null for a file journal; throws UsageError for team-only flags on a file journal. */
export function teamRunOptions(
  values: { journal?: string; lease?: string; wait?: boolean; 'sign-with'?: string },
  io: CliIo,
): TeamRun | null {
  if (values.journal === undefined || !isTeamUrl(values.journal)) {
    if (values.lease !== undefined || values.wait === true) {
      throw new UsageError(
        'ringside run: --lease and --wait need a team journal (--journal postgres://…)',
      );
    }
    return null;
  }
  const url = parseTeamUrl(values.journal);
  if (typeof url === 'string') {
    throw new UsageError(`ringside run: --journal ${url}`);
  }
  if (url.rollout === null) {
    throw new UsageError(
      `ringside run: --journal ${url.shown}: add ?rollout=NAME (the rollout in that database)`,
    );
  }
  if (values['sign-with'] !== undefined) {
    throw new UsageError(
      'ringside run: --sign-with signs a journal file; a team journal is fenced by the database',
    );
  }
  const leaseMs = values.lease === undefined ? 15_000 : parseDuration(values.lease);
  if (leaseMs === undefined || leaseMs < 1_000) {
    throw new UsageError(
      `ringside run: --lease must be a duration of at least 1s (e.g. 15s), got '${values.lease ?? ''}'`,
    );
  }
  const run: TeamRun = {
    url: values.journal,
    shown: url.shown,
    rollout: url.rollout,
    lease: null,
    driving: {
      env: io.env,
      leaseMs,
      waitForLease: values.wait === true,
      // Break-glass spill files live beside the working directory, like local journals.
      spillDir: path.join(io.cwd, '.ringside', 'spill'),
      warn: (line) => io.err(`ringside run: ${line}`),
      onAcquired: (lease) => {
        run.lease = lease;
      },
    },
  };
  return run;
}

/** `lease: epoch 3, held by ann on build-7 (pid 4242) until …, renewed every 5 s`. */
export function teamLeaseLine(l: LeaseRow, leaseMs: number): string {
  return `lease: epoch ${l.epoch}, held by ${l.holder} on ${l.machine} (pid ${l.pid}) until ${l.expiresAt.toISOString()}, renewed every ${Math.round(leaseMs / 3000)} s`;
}

/**
 * Runs the engine; on a team journal a lost lease or a failed append ends the run with its
 * one line already said (the exit code), never an exception.
 */
export async function runOrLeaseLost(
  engine: RolloutEngine,
  team: TeamRun | null,
  lost: () => string | null,
  io: CliIo,
  opts: RunOptions,
): Promise<RunOutcome | number> {
  try {
    const outcome = await engine.run(opts);
    return lost() !== null ? Exit.waitingForPromotion : outcome;
  } catch (e) {
    if (team === null) {
      throw e;
    }
    if (lost() !== null) {
      return Exit.waitingForPromotion;
    }
    if (e instanceof LeaseLostError) {
      io.err(`ringside run: ${e.message}`);
      return Exit.waitingForPromotion;
    }
    io.err(`ringside run: ${e instanceof Error ? e.message : String(e)}`);
    return Exit.internal;
  }
}
