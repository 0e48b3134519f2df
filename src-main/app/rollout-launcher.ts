/**
 * Opens one rollout with the driver `ringside run` uses too, and wires it to the console: the
 * session (timeline, notifications, output lines) and the pushes of its telemetry (charted
 * series, log lines). Used for a new rollout (`start`) and for one a console restart resumes; the engine
 * does not tell them apart (a new journal is created, an existing one is recovered).
 */
import type { z } from 'zod';
import type { ConsoleNotification, LogLine, pushSchemas } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import { openDriver } from './rollout-driver';
import { createWebhookNotifier, webhookTargetsFromEnv } from '../adapters/notify/webhooks';
import { startSession, type RolloutSession } from './rollout-session';
import { chartRing, type TelemetryFactory } from './telemetry-port';
import type { Workspace } from './workspace';

type SamplesPush = z.infer<(typeof pushSchemas)['onSamples']>;

/** Where the launched rollout reports to (the facade's push hub and publisher). */
export interface LaunchSinks {
  readonly changed: () => void;
  readonly output: (host: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly notify: (n: ConsoleNotification) => void;
  readonly samples: (s: SamplesPush) => void;
  readonly logLine: (line: LogLine) => void;
  readonly log: (line: string) => void;
}

/** What a launch needs. */
export interface LaunchOptions {
  readonly workspace: Workspace;
  readonly plan: RolloutPlan;
  /** The journal directory: new for `start`, an existing one to resume. */
  readonly journalPath: string;
  readonly telemetry: TelemetryFactory;
  readonly clock: () => number;
  /** The operator who creates the rollout (journaled in RolloutCreated when new). */
  readonly by: string;
  /** The stamp id of the start command that creates this rollout (none when resuming). */
  readonly commandId?: string;
  readonly sinks: LaunchSinks;
}

/** A driven rollout and the function that unhooks its telemetry feeds. */
export interface LaunchedRollout {
  readonly session: RolloutSession;
  readonly stopFeeds: () => void;
}

/**
 * Opens the journal (taking its lock), starts the session and kicks the run loop. An
 * engine that cannot open (locked by another console, journal damaged, plan mismatch)
 * comes back as a one-line reason naming the journal.
 */
export async function launchRollout(
  o: LaunchOptions,
): Promise<{ ok: true; value: LaunchedRollout } | { ok: false; reason: string }> {
  const { workspace: ws, sinks } = o;
  const hooks = webhookTargetsFromEnv(process.env);
  if (!hooks.ok) {
    return { ok: false, reason: hooks.error };
  }
  const opened = await openDriver({
    built: ws.built,
    plan: o.plan,
    journalPath: o.journalPath,
    executor: ws.executor,
    sim: ws.sim,
    // The console reads CloudWatch alarms through the SDK's own chain (no simulated account yet).
    aws: null,
    telemetry: o.telemetry,
    env: process.env,
    clock: o.clock,
    by: o.by,
    ...(o.commandId !== undefined ? { commandId: o.commandId } : {}),
    warn: sinks.log,
    team: null,
    notifier: createWebhookNotifier(hooks.targets, { warn: sinks.log }),
  });
  if (!opened.ok) {
    return { ok: false, reason: opened.error.message };
  }
  const driver = opened.value;
  const session = await startSession(driver, {
    changed: sinks.changed,
    output: sinks.output,
    notify: sinks.notify,
    warn: sinks.log,
  });
  const unSeries = driver.telemetry.series.subscribe((e) => {
    if (e.type === 'points') {
      sinks.samples({
        metric: e.metric,
        ring: chartRing(e.scope),
        points: e.points.map((p) => ({ t: p.t, v: p.v })),
      });
    }
  });
  const unLogs = driver.telemetry.subscribeLogs?.(sinks.logLine);
  session.kick();
  return {
    ok: true,
    value: {
      session,
      stopFeeds: () => {
        unSeries();
        unLogs?.();
      },
    },
  };
}
