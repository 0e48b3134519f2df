/**
 * The one way a rollout is driven, by `ringside run` and by the console alike: open the
 * journal with the engine (its lock, the plan check, recovery of steps in doubt), wire the
 * plan's telemetry to the engine's gates, keep the charted series beside the journal, run the
 * engine, and close all of it in the right order. The CLI runs it once and prints lines; the
 * console keeps it running and re-runs it after every operator command. What each shows on
 * top (progress lines and the inbox; the session's timeline and notifications) is theirs.
 */
import { mkdir } from 'node:fs/promises';
import type { RolloutPlan } from '../core/model/plan';
import type { BuiltPlan } from '../core/plan/build';
import type { SshExecutor } from '../adapters/ssh';
import {
  openRollout,
  type RolloutEngine,
  type RunOptions,
  type RunOutcome,
  type TeamDriving,
} from '../runtime';
import { isTeamUrl, parseTeamUrl } from '../adapters/journal-pg';
import { serveTeamCommands, type TeamCommandServer } from '../runtime/team-command-server';
import { persistSeries } from '../runtime/series/persist-series';
import { shareSamples } from '../runtime/series/share-samples';
import type { RolloutTelemetry, TelemetryFactory } from './telemetry-port';
import type { SimFleet } from '../sim';
import type { AwsAccess } from '../adapters/cloud-aws';
import { createNotableWatch } from '../core/notify/notable';
import type { Notifier } from '../adapters/notify/webhooks';

/** What a driver needs to open a rollout. */
export interface DriverOptions {
  /** The plan as it was built (its telemetry and gates sections). */
  readonly built: BuiltPlan;
  /** The plan as it will run: a release variant, or hosts re-pointed at a simulated fleet. */
  readonly plan: RolloutPlan;
  /** The journal directory: new to create the rollout, an existing one to resume it. */
  readonly journalPath: string;
  readonly executor: SshExecutor;
  /** The simulated fleet the plan runs on (its metrics endpoints), or null for real hosts. */
  readonly sim: SimFleet | null;
  /** The simulated AWS account a rehearsal reads CloudWatch from, or null for the real one. */
  readonly aws: AwsAccess | null;
  readonly telemetry: TelemetryFactory;
  /** Where telemetry reads credentials named by the plan (`tokenEnv`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: () => number;
  /** The operator who creates the rollout (journaled in RolloutCreated when new). */
  readonly by: string;
  /** The stamp id of the start command that creates this rollout (none when resuming). */
  readonly commandId?: string;
  /** What a person should know that is not progress: warnings while opening, persistence. */
  readonly warn: (line: string) => void;
  /** How to hold the lease of a team journal (`journalPath` a postgres:// URL); null for files. */
  readonly team: TeamDriving | null;
  /**
   * Where notifications go besides the caller's own view (webhooks; `silentNotifier` for
   * none). The driver sends what core/notify finds in each journaled batch, and closes it.
   */
  readonly notifier: Notifier;
}

/** A rollout opened for driving. */
export interface RolloutDriver {
  readonly plan: RolloutPlan;
  readonly engine: RolloutEngine;
  readonly telemetry: RolloutTelemetry;
  /** Whether the plan has gates at all (without, a rehearsal could never pass one). */
  readonly hasGates: boolean;
  /** Runs the engine once with these options (the CLI: until a ring or the end). */
  run(options: RunOptions): Promise<RunOutcome>;
  /**
   * Keeps the engine running (watching gates while the rollout waits for a person) until a
   * terminal outcome, and runs it again on every call after an operator command that may
   * unlock work (the console). Calls while it runs are folded into one more pass.
   */
  kick(): void;
  /** Why the kept-running loop last stopped (null while it runs or before it ran). */
  lastOutcome(): RunOutcome | null;
  /** Calls `listener` each time the kept-running loop stops; returns the unsubscribe. */
  onLoopStopped(listener: () => void): () => void;
  /** Stops the engine (journaled steps end), then the telemetry and its persistence. */
  close(): Promise<void>;
}

/** Options of the kept-running loop: the console has a person at hand, nothing auto-promotes. */
const KEEP_RUNNING: RunOptions = { until: 'end', autoPromote: false, watchWhileWaiting: true };

/**
 * Opens the journal (taking its lock), wires telemetry and its persistence. A rollout that
 * cannot open (locked by another process, journal damaged, plan mismatch) comes back as the
 * engine's one-line reason naming the journal, with the telemetry already closed.
 */
export async function openDriver(o: DriverOptions): Promise<
  | { ok: true; value: RolloutDriver }
  | {
      ok: false;
      error: { kind: 'locked' | 'plan-mismatch' | 'journal' | 'refused'; message: string };
    }
> {
  const team = isTeamUrl(o.journalPath);
  if (!team) {
    await mkdir(o.journalPath, { recursive: true });
  }
  const telemetry = await o.telemetry(
    { ...o.built, plan: o.plan },
    { sim: o.sim, executor: o.executor, clock: o.clock, env: o.env, aws: o.aws },
  );
  // Set once the engine exists; a lease lost while opening has no rollout state to name.
  let leaseLost: ((why: string) => void) | null = null;
  let epoch: number | null = null;
  const opened = await openRollout({
    plan: o.plan,
    journalPath: o.journalPath,
    executor: o.executor,
    clock: o.clock,
    gateMonitor: telemetry.monitor,
    by: o.by,
    ...(o.commandId !== undefined ? { commandId: o.commandId } : {}),
    ...(o.team
      ? {
          team: {
            ...o.team,
            onAcquired: (lease) => {
              epoch = lease.epoch;
              o.team?.onAcquired?.(lease);
            },
            onLeaseLost: (why: string) => {
              leaseLost?.(why);
              o.team?.onLeaseLost?.(why);
            },
          },
        }
      : {}),
  });
  if (!opened.ok) {
    await telemetry.close();
    await o.notifier.close(0);
    return { ok: false, error: opened.error };
  }
  const engine = opened.value;
  for (const w of engine.warnings) {
    o.warn(w);
  }
  const watch = createNotableWatch(engine.state());
  const unwatch = engine.subscribe((e) => {
    if (e.type === 'journaled') {
      for (const n of watch.see(e.events, e.state)) {
        o.notifier.send(n);
      }
    }
  });
  leaseLost = (why) => {
    const n = watch.leaseLost(why, engine.state(), o.clock());
    if (n !== null) {
      o.notifier.send(n);
    }
  };
  // Charts survive a restart (and `ringside timeline --format html` draws them): the series
  // refill from the journal's telemetry file first, then every new point is appended to it.
  // A team journal has no directory beside it: its samples go, downsampled, to the team
  // database, where every desk following the rollout charts them.
  const persisted = team
    ? shareTeamSamples(o, telemetry, epoch)
    : await persistSeries(telemetry.series, engine.journalFile, o.warn);
  const commands = team && o.team !== null ? await serveCommands(o, engine, epoch) : null;

  let closed = false;
  let looping = false;
  let again = false;
  let outcome: RunOutcome | null = null;
  const stopped = new Set<() => void>();
  const kick = () => {
    if (closed) {
      return;
    }
    if (looping) {
      again = true;
      return;
    }
    looping = true;
    outcome = null;
    void (async () => {
      try {
        do {
          again = false;
          outcome = await engine.run(KEEP_RUNNING);
        } while (again && !closed && outcome.kind !== 'closed');
      } catch (e) {
        o.warn(`rollout engine stopped: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        looping = false;
        for (const l of [...stopped]) {
          l();
        }
      }
    })();
  };

  return {
    ok: true,
    value: {
      plan: o.plan,
      engine,
      telemetry,
      hasGates: (o.built.document.gates ?? []).length > 0,
      run: (options) => engine.run(options),
      kick,
      lastOutcome: () => outcome,
      onLoopStopped: (listener) => {
        stopped.add(listener);
        return () => stopped.delete(listener);
      },
      close: async () => {
        if (closed) {
          return;
        }
        closed = true;
        await commands?.stop();
        await engine.close();
        unwatch();
        await persisted?.close();
        await telemetry.close();
        await o.notifier.close();
      },
    },
  };
}

/**
 * The team rollout's samples shared with the other desks, fenced by the lease `epoch` this
 * driver acquired (null: no rollout named, or no lease, so nothing to write under).
 */
function shareTeamSamples(
  o: DriverOptions,
  telemetry: RolloutTelemetry,
  epoch: number | null,
): { close(): Promise<void> } | null {
  const url = parseTeamUrl(o.journalPath);
  if (typeof url === 'string' || url.rollout === null || o.team === null || epoch === null) {
    return null;
  }
  return shareSamples(telemetry.series, {
    url,
    env: o.team.env,
    rollout: url.rollout,
    epoch,
    warn: o.warn,
  });
}

/**
 * Commands from other desks (the team database's commands table), decided by this driver
 * under its lease epoch. Without them the rollout still runs; the desks' commands then get
 * "no driver answered" and are withdrawn, so the trouble is said here once.
 */
async function serveCommands(
  o: DriverOptions,
  engine: RolloutEngine,
  epoch: number | null,
): Promise<TeamCommandServer | null> {
  const url = parseTeamUrl(o.journalPath);
  if (typeof url === 'string' || url.rollout === null || epoch === null || o.team === null) {
    return null;
  }
  const served = await serveTeamCommands({
    url,
    rollout: url.rollout,
    env: o.team.env,
    epoch,
    engine,
    warn: o.warn,
  });
  if (!served.ok) {
    o.warn(`commands from other desks are not served: ${served.message}`);
    return null;
  }
  return served.server;
}
