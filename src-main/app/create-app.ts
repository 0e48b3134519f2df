/**
 * The app facade: the one implementation of the console contract (`RingsideApi`) that every
 * entry point uses — `ringside serve` and the Electron shell. It opens a workspace (a plan
 * file or the embedded demo), owns the engine of the current rollout (one journal directory
 * per rollout under `journalRoot`), forwards operator commands (a refusal rejects with the
 * core's sentence), and pushes snapshots, host output, samples, log lines and notifications.
 */
import { safeDocument } from '../adapters/secrets/held-secrets';
import path from 'node:path';
import {
  createPushHub,
  type ConsoleSnapshot,
  type RingsideApi,
  type Series,
  type WorkspaceView,
} from '../core/contract';
import { isTerminal } from '../core/rollout';
import { HTML_CHART_SLOT, chartMarkers, exportTimeline, timelineDocument } from '../core/timeline';
import { rolloutStatusWord } from '../core/words';
import type { RolloutPlan } from '../core/model/plan';
import { chartsSection } from '../core/timeline/chart-svg';
import { openDemoWorkspace, type DemoOptions } from './demo-workspace';
import { planVariant } from './plan-variant';
import { testPrometheus } from './prometheus-check';
import { testCloudAccount } from './cloud-accounts';
import { findUnfinishedRollout, journalPlan } from './journal-resume';
import { viewOfWorkspace } from './known-releases';
import { createRolloutHistory, type LiveRollout, type ShownRollout } from './history-holder';
import { shownSnapshot } from './shown-snapshot';
import { chartSeries } from './chart-series';
import { createChartHistoryReader } from './chart-history';
import { memorySettings, osUserName, type SettingsPort } from './settings-port';
import { launchRollout, type LaunchSinks } from './rollout-launcher';
import type { RolloutSession } from './rollout-session';
import { createSnapshotPublisher } from './snapshot-publisher';
import type { TelemetryFactory } from './telemetry-port';
import type { KnownHostsFiles } from './plan-known-hosts';
import { planTelemetry } from './plan-telemetry';
import { openPlanWorkspace, type Workspace } from './workspace';
import { createPlanAccess, type PlanAccess } from './plan-access';
import { viewMetrics } from '../core/projection/project-view-parts';
import { createPassphraseBroker, type SecretPort } from './passphrase-broker';
import { withRememberedPassphrases } from './identity-info';
import { randomUUID } from 'node:crypto';
import {
  acceptedCommandIds,
  stampCommand,
  type CommandBody,
  type CommandKind,
  type CommandStamp,
} from '../core/commands';
import { createCommandGate } from '../runtime/command-gate';
import { toEngineCommand, type RolloutOperatorCommand } from '../runtime/operator-command';
import type { TeamConnection } from './team/team-console';
import { createTeamHolder } from './team/team-holder';
import { sharedMetricViews } from './team/team-samples';

/** A workspace to open: a plan file, or the built-in demo fleet. */
type WorkspaceTarget = { readonly planPath: string } | { readonly demo: true };

/** Options of {@link createRingsideApp}. */
export interface RingsideAppOptions {
  /**
   * The workspace opened at start; `none` opens none (a team console with no local plan:
   * `ringside serve --team URL` alone), until the person opens one.
   */
  readonly workspace: WorkspaceTarget | { readonly none: true };
  /** Journals go here, one directory per rollout. */
  readonly journalRoot: string;
  /** ms since epoch (default Date.now). */
  readonly clock?: () => number;
  /** Builds gate monitor and series per rollout (default: the plan's telemetry section). */
  readonly telemetry?: TelemetryFactory;
  readonly settings?: SettingsPort;
  /** known_hosts files of plan workspaces (default: ~/.ssh/known_hosts and Ringside's own). */
  readonly ssh?: KnownHostsFiles;
  /** Demo knobs (tests): hosts with unknown keys, step latency. */
  readonly demo?: DemoOptions;
  /** Every ring's bake in ms (demos and tests want short bakes); default: the plan's. */
  readonly bakeMs?: number;
  /** Snapshot pushes at most this often (default 250 ms). */
  readonly snapshotIntervalMs?: number;
  /** Warnings (engine, telemetry) for a log; default: dropped. */
  readonly log?: (line: string) => void;
  /** Remembered SSH key passphrases (Electron: safeStorage); default: memory, this process. */
  readonly secrets?: SecretPort;
  /** How long an `onPassphraseRequest` waits before the key is skipped (default 5 min). */
  readonly passphraseTimeoutMs?: number;
  /**
   * Plan files `openWorkspace` may open besides the start workspace and recent ones
   * (default: none): files the person picked, directories of examples.
   */
  readonly planAccess?: PlanAccess;
  /** A team database whose rollouts this console lists, opens and commands (team mode). */
  readonly team?: TeamConnection;
}

/** The facade: the contract plus `close`. */
export type RingsideApp = RingsideApi & {
  /** Allows a plan file the person picked (Electron's open dialog) for `openWorkspace`. */
  allowPlan(planPath: string): void;
  /** Closes the rollout (journal lock released), telemetry and the workspace. */
  close(): Promise<void>;
};

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
}

export { memorySettings, type SettingsPort } from './settings-port';

/** Opens the workspace and returns the facade. Plan errors reject with every problem. */
export async function createRingsideApp(o: RingsideAppOptions): Promise<RingsideApp> {
  const clock = o.clock ?? Date.now;
  const settings = o.settings ?? memorySettings(osUserName());
  const planAccess = o.planAccess ?? createPlanAccess();
  // The start workspace and recent ones were chosen by the person (command line, dialog).
  if ('planPath' in o.workspace) {
    planAccess.allow(o.workspace.planPath);
  }
  for (const w of settings.listRecent()) {
    if (w.source.kind === 'plan') {
      planAccess.allow(w.source.planPath);
    }
  }
  const telemetryFactory = o.telemetry ?? planTelemetry;
  const log = o.log ?? (() => {});
  const hub = createPushHub((name, e) => log(`listener of ${name} failed: ${String(e)}`));
  const passphrases = createPassphraseBroker({
    request: (r) => hub.emit('onPassphraseRequest', r),
    log,
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.passphraseTimeoutMs !== undefined ? { timeoutMs: o.passphraseTimeoutMs } : {}),
  });
  let workspace: Workspace | null = null;
  let session: RolloutSession | null = null;
  let stopTelemetryFeeds: (() => void) | null = null;
  let stopLogs: (() => Promise<void>) | null = null;
  let closing = false;
  // This workspace's rollouts on disk, read on open and before each start (Start's picker,
  // History, what each host runs now).
  const history = createRolloutHistory(o.journalRoot, log);
  const readJournaled = async (ws: Workspace) => {
    await history.refresh(journalPlan(ws.built.plan, o.bakeMs));
  };
  // The live rollout's journal directory name: its id in History.
  let sessionPath: string | null = null;
  const liveRollout = (): LiveRollout | null => {
    const s = session;
    return s && sessionPath !== null
      ? {
          id: path.basename(sessionPath),
          journalPath: sessionPath,
          plan: s.plan,
          events: () => s.events(),
          state: () => s.state(),
        }
      : null;
  };
  // Start commands seen by this console (a running rollout's engine screens the others).
  const startGate = createCommandGate(clock);

  // With no local workspace, a team rollout shown stands in for it (its own release).
  const workspaceView = (team: ShownRollout | null): WorkspaceView | null =>
    workspace
      ? viewOfWorkspace(workspace, session, history.releases())
      : team && {
          name: `team rollout ${team.id}`,
          source: { kind: 'team' },
          release: { ...team.plan.release },
        };

  const projectShown = (
    revision: number,
    previous: ConsoleSnapshot | null,
    past: ShownRollout | null,
    readOnly: boolean,
    teamShown = false,
  ): ConsoleSnapshot => {
    const shown = shownView(revision, previous, past, readOnly, teamShown);
    // No local plan, so no telemetry section: chart what the team rollout's driver shared.
    return teamShown && workspace === null && shown.metrics.length === 0
      ? { ...shown, metrics: sharedMetricViews(teams.current()?.series() ?? []) }
      : shown;
  };
  const shownView = (
    revision: number,
    previous: ConsoleSnapshot | null,
    past: ShownRollout | null,
    readOnly: boolean,
    teamShown: boolean,
  ): ConsoleSnapshot =>
    shownSnapshot(
      {
        now: clock(),
        workspace: workspaceView(teamShown ? past : null),
        workspacePlan: workspace?.built.plan ?? null,
        document: workspace?.built.document ?? null,
        session,
        liveId: liveRollout()?.id,
        running: history.running(),
        keyType: (h) => workspace?.keyType(h) ?? 'unknown',
        connections: withRememberedPassphrases(
          workspace?.connections(settings.getSettings().prometheusUrls) ?? {
            identities: [],
            knownHosts: [],
            prometheusUrls: [],
            cloudAccounts: [],
          },
          passphrases.remembered,
        ),
      },
      revision,
      previous,
      past,
      readOnly,
    );

  const publisher = createSnapshotPublisher({
    minIntervalMs: o.snapshotIntervalMs ?? 250,
    emit: (s) => hub.emit('onSnapshot', s),
    // An open team rollout is shown like a local one (read-only once settled); else, with no
    // live rollout, the newest journaled one (after a restart, too).
    project: (revision, previous) => {
      const team = teams.current();
      const shownTeam = team?.shown() ?? null;
      return team && shownTeam
        ? projectShown(revision, previous, shownTeam, team.readOnly(), true)
        : projectShown(revision, previous, session ? null : history.shown(), false);
    },
  });
  const teams = createTeamHolder({
    fixed: o.team,
    settings,
    secrets: o.secrets,
    env: process.env,
    changed: () => publisher.changed(),
    log,
    samples: (p) => hub.emit('onSamples', p),
  });

  /** The events of the rollout `id` (History), or of the shown one. */
  const eventsFor = async (what: string, id: string | undefined) => {
    if (id !== undefined) {
      return (await history.open(id, liveRollout())).events;
    }
    const events = teams.current()?.shown()?.events ?? session?.events() ?? history.shown()?.events;
    if (!events) {
      throw new Error(`${what}: no rollout has been started (start one first)`);
    }
    return events;
  };

  const closeSession = async () => {
    stopTelemetryFeeds?.();
    stopTelemetryFeeds = null;
    const s = session;
    session = null;
    sessionPath = null;
    await s?.close();
  };

  const open = async (target: WorkspaceTarget): Promise<void> => {
    await teams.current()?.closeShown();
    if (session && !isTerminal(session.state().status)) {
      // Closing the engine mid-step would leave hosts in doubt: finish the rollout first.
      throw new Error(
        `openWorkspace: the rollout of ${session.plan.release.version} is ${rolloutStatusWord(session.state().status)}; finish, roll back or abort it first`,
      );
    }
    const next =
      'demo' in target
        ? { ok: true as const, workspace: await openDemoWorkspace(o.demo) }
        : await openPlanWorkspace(target.planPath, {
            ...o.ssh,
            clock,
            passphraseProvider: passphrases.provider,
          });
    if (!next.ok) {
      throw new Error(next.error);
    }
    await closeSession();
    await stopLogs?.();
    await workspace?.close();
    workspace = next.workspace;
    stopLogs = workspace.followLogs?.((line) => hub.emit('onLogLine', line)) ?? null;
    settings.addRecent({ name: workspace.name, source: workspace.source, openedAt: clock() });
    await readJournaled(workspace);
    await resumeUnfinished(workspace);
    if (!session) {
      await history.showNewest();
    }
    publisher.changed();
  };

  const live = (what: string): RolloutSession => {
    if (!session) {
      throw new Error(`${what}: no rollout has been started (start one first)`);
    }
    return session;
  };
  const by = () => settings.getSettings().operatorName;
  const accepted = async (
    what: string,
    s: RolloutSession,
    r: Promise<{ ok: true } | { ok: false; reason: string }>,
  ): Promise<null> => {
    const result = await r;
    if (!result.ok) {
      throw new Error(`${what}: ${result.reason}`);
    }
    s.kick();
    publisher.changed();
    return null;
  };

  const sinks: LaunchSinks = {
    changed: () => publisher.changed(),
    output: (host, stream, line) => hub.emit('onHostOutput', { host, stream, line }),
    notify: (n) => hub.emit('onNotification', n),
    samples: (p) => hub.emit('onSamples', p),
    logLine: (line) => hub.emit('onLogLine', line),
    log,
  };
  const launch = async (
    ws: Workspace,
    plan: RolloutPlan,
    journalPath: string,
    commandId?: string,
  ) => {
    const launched = await launchRollout({
      workspace: ws,
      plan,
      journalPath,
      telemetry: telemetryFactory,
      clock,
      by: by(),
      ...(commandId !== undefined ? { commandId } : {}),
      sinks,
    });
    if (launched.ok) {
      session = launched.value.session;
      sessionPath = journalPath;
      history.clearShown();
      // A resumed rollout knows which start command created it: a retry is not a new start.
      startGate.accepted(acceptedCommandIds(session.events()));
      stopTelemetryFeeds = launched.value.stopFeeds;
      publisher.changed();
    }
    return launched;
  };

  const start = async (release: string | undefined, commandId: string): Promise<null> => {
    const ws = workspace;
    if (!ws) {
      throw new Error('start: open a workspace first');
    }
    if (session && !isTerminal(session.state().status)) {
      throw new Error(
        `start: the rollout of ${session.plan.release.version} is ${rolloutStatusWord(session.state().status)}; finish, roll back or abort it first`,
      );
    }
    const version = release ?? ws.built.plan.release.version;
    const plan = planVariant(ws.built.plan, {
      version,
      previous: ws.previousVersion(),
      ...(o.bakeMs !== undefined ? { bakeMs: o.bakeMs } : {}),
    });
    await closeSession();
    await readJournaled(ws);
    const stamp = new Date(clock()).toISOString().replace(/[:.]/g, '-');
    const journalPath = path.join(
      o.journalRoot,
      `${stamp}-${slug(plan.release.name)}-${slug(version)}`,
    );
    const launched = await launch(ws, plan, journalPath, commandId);
    if (!launched.ok) {
      throw new Error(`start: ${launched.reason}`);
    }
    return null;
  };

  /**
   * Every operator command, whichever method it came in by: stamped (in-process callers act
   * and arrive at once, so the facade stamps theirs), screened at most once and against its
   * deadline — by the engine for a live rollout (its journal carries the ids), here for
   * start — and a refusal rejects with the core's sentence.
   */
  const command = async <K extends CommandKind>(
    kind: K,
    params: CommandBody<K> & { stamp?: CommandStamp | undefined },
  ): Promise<null> => {
    const { stamp: given, ...body } = params;
    const stamp = given ?? stampCommand(randomUUID(), clock());
    if (kind === 'start') {
      await teams.current()?.closeShown();
      const outcome = await startGate.once(stamp, async () => {
        try {
          await start((body as CommandBody<'start'>).release, stamp.id);
          return { ok: true };
        } catch (e) {
          return { ok: false, reason: e instanceof Error ? e.message : String(e) };
        }
      });
      if (!outcome.ok) {
        throw new Error(
          outcome.reason.startsWith('start: ') ? outcome.reason : `start: ${outcome.reason}`,
        );
      }
      return null;
    }
    const c = { ...body, kind, by: by(), stamp } as RolloutOperatorCommand;
    if (await teams.command(c)) {
      return null;
    }
    const s = live(kind);
    await accepted(kind, s, s.engine.command(toEngineCommand(c), stamp));
    if (c.kind === 'approveHostKey') {
      workspace?.trusted(c.host, c.fingerprint);
      // The known-hosts list changed outside the journal: publish it now, not with the next
      // engine event (a rollout waiting for a person has none).
      publisher.changed();
    }
    return null;
  };

  /**
   * Picks up the workspace's newest unfinished rollout after a restart, so quitting or
   * crashing mid-rollout loses nothing. A journal that cannot be resumed (locked by another
   * console, damaged) is logged and the workspace opens without it.
   */
  const resumeUnfinished = async (ws: Workspace): Promise<void> => {
    const found = await findUnfinishedRollout(history.entries(), log);
    if (!found) {
      return;
    }
    ws.resuming(found.plan, found.events);
    const launched = await launch(ws, found.plan, found.journalPath);
    log(
      launched.ok
        ? `resumed the ${rolloutStatusWord(found.state.status)} rollout of ${found.plan.release.name} ${found.plan.release.version} from ${found.journalPath}`
        : `cannot resume ${found.journalPath}: ${launched.reason}`,
    );
  };

  const chartHistory = createChartHistoryReader(o.journalRoot, log);
  /** The live rollout's charts, or the shown journaled one's (persisted beside its journal). */
  const series = async (metric?: string, sinceMs?: number): Promise<Series[]> => {
    const team = teams.current();
    if (team?.shown()) {
      // The samples its driver writes to the team database.
      return team.series(metric, sinceMs);
    }
    const shown = session ? null : history.shown();
    return shown
      ? history.series(shown.id, null, metric)
      : chartSeries(session?.telemetry.series ?? null, metric, sinceMs);
  };

  if (!('none' in o.workspace)) {
    await open(o.workspace);
  }

  const api: RingsideApi = {
    ...hub.subscriptions,
    // A window or tab that connects while a key waits gets the request too (each window and
    // each WebSocket subscribes on connect; the renderer ignores an id it already has).
    onPassphraseRequest: (listener) => {
      const stop = hub.subscriptions.onPassphraseRequest(listener);
      passphrases.pending().forEach((r) => listener(r));
      return stop;
    },
    getSnapshot: async () => publisher.current(),
    openWorkspace: async (p) => {
      if ('demo' in p) {
        await open({ demo: true });
        return publisher.current();
      }
      // Only plans the person chose: any other path would make the console a file oracle.
      const allowed = planAccess.check(p.planPath);
      if (!allowed.ok) {
        throw new Error(allowed.error);
      }
      await open({ planPath: allowed.path });
      return publisher.current();
    },
    listRecentWorkspaces: async () => settings.listRecent(),
    start: async (p = {}) => command('start', p),
    promote: async (p = {}) => command('promote', p),
    approvePromotion: async (p = {}) => command('approvePromotion', p),
    pause: async (p) => command('pause', p),
    resume: async (p = {}) => command('resume', p),
    abort: async (p) => command('abort', p),
    halt: async (p) => command('halt', p),
    rollback: async (p) => command('rollback', p),
    addNote: async (p) => command('addNote', p),
    approveHostKey: async (p) => command('approveHostKey', p),
    rejectHostKey: async (p) => command('rejectHostKey', p),
    retryPassphrase: async (p) => command('retryPassphrase', p),
    giveUpHost: async (p) => command('giveUpHost', p),
    resolveInDoubt: async (p) => command('resolveInDoubt', p),
    exportTimeline: async (p) => {
      const events = await eventsFor('exportTimeline', p.rollout);
      const text = safeDocument(exportTimeline(timelineDocument(events), p.format));
      if (p.format !== 'html') {
        return text;
      }
      const charts =
        p.rollout !== undefined ? await history.series(p.rollout, liveRollout()) : await series();
      return text.replace(
        HTML_CHART_SLOT,
        chartsSection(viewMetrics(workspace?.built.document ?? null), charts, chartMarkers(events)),
      );
    },
    // A team rollout's charts are its own samples (getSeries), not the workspace's history.
    getChartHistory: async () =>
      workspace && !teams.current()?.shown()
        ? chartHistory.read(
            journalPlan(workspace.built.plan, o.bakeMs),
            session ? path.dirname(session.engine.journalFile) : null,
          )
        : { series: [], markers: [] },
    // A settled team rollout is asked for by its id, as a past local one is.
    getSeries: async (p = {}) =>
      p.rollout !== undefined && p.rollout !== teams.current()?.shown()?.id
        ? history.series(p.rollout, liveRollout(), p.metric)
        : series(p.metric, p.sinceMs),
    listRollouts: async () => history.list(liveRollout()),
    openPastRollout: async (p) => {
      await teams.current()?.closeShown();
      const live = liveRollout();
      if (live?.id === p.id) {
        return publisher.current();
      }
      const past = await history.open(p.id, live);
      return projectShown(publisher.current().revision, null, past, true);
    },
    getHostHistory: async (p) => history.hostHistory(p.host, liveRollout()),
    ...teams.methods(() => publisher.current()),
    testPrometheus: async (p) => testPrometheus(p.url),
    testCloudAccount: async (p) =>
      testCloudAccount(p, workspace?.built.document ?? null, process.env),
    getSettings: async () => settings.getSettings(),
    providePassphrase: async (p) => {
      const answered = passphrases.answer(p);
      publisher.changed();
      return answered;
    },
    setSettings: async (p = {}) => {
      const next = settings.setSettings(p);
      await teams.settingsChanged();
      publisher.changed();
      return next;
    },
  };

  return {
    ...api,
    allowPlan: (planPath) => planAccess.allow(planPath),
    close: async () => {
      if (closing) {
        return;
      }
      closing = true;
      publisher.close();
      passphrases.close();
      await teams.close();
      await closeSession();
      await stopLogs?.();
      await workspace?.close();
      workspace = null;
    },
  };
}
