/**
 * The console's side of a team database: list its rollouts, open one (read whole, then
 * followed live through LISTEN/NOTIFY, its state evolved event by event and published like
 * a local rollout's), chart its telemetry samples as the driver wrote them (new batches
 * heard on the same follow connection), send the person's commands through the commands table as their
 * database login, and say who else watches. The password never passes through here as a
 * setting: it comes from the URL's owner's environment (libpq conventions) or, in Electron,
 * from the secret store as an in-memory PGPASSWORD.
 */
import pg from 'pg';
import {
  checkSchema,
  clientConfig,
  databaseLogin,
  describePgError,
  followRollout,
  readTeamHeads,
  readTeamRole,
  readTeamWatchers,
  type Follow,
  type TeamRole,
  type TeamRolloutHead,
  type TeamUrl,
  type TeamWatcher,
} from '../../adapters/journal-pg';
import type { Series, TeamRolloutSummary, TeamRolloutView } from '../../core/contract';
import type { CommandOutcome } from '../../core/commands';
import {
  isTerminal,
  parseRolloutEvent,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../../core/rollout';
import { teamNoDriverWords } from '../../core/words';
import { readTeamRolloutState } from '../../runtime/load-rollout-state';
import { sendTeamCommand } from '../../runtime/team-command-client';
import type { RolloutOperatorCommand } from '../../runtime/operator-command';
import type { ShownRollout } from '../history-holder';
import { createTimelineFeed, type TimelineFeed } from '../timeline-feed';
import { createTeamLister, TeamReadError } from './team-list';
import { createTeamSamples, type SamplesPush, type TeamSamples } from './team-samples';

/** Where the team database is and the environment its password comes from. */
export interface TeamConnection {
  readonly url: TeamUrl;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Options of {@link createTeamConsole}. */
export interface TeamConsoleOptions extends TeamConnection {
  /** The shown rollout changed (new events): publish a snapshot. */
  readonly changed: () => void;
  readonly log: (line: string) => void;
  /** New telemetry samples of the shown rollout, for the page's charts. */
  readonly samples: (s: SamplesPush) => void;
  /** How long a command waits for the live driver's answer (default 10 s). */
  readonly commandTimeoutMs?: number;
}

/** The team side of one console. */
export interface TeamConsole {
  list(): Promise<TeamRolloutSummary[]>;
  /** Reads `rollout` whole and follows it live; rejects with one line. */
  open(rollout: string): Promise<void>;
  /** The open rollout, ready to project (null: none open). */
  shown(): ShownRollout | null;
  /** The open rollout is settled: nothing to command. */
  readOnly(): boolean;
  view(): Promise<TeamRolloutView | null>;
  /** The open rollout's charted series (empty: none open). */
  series(metric?: string, sinceMs?: number): Series[];
  /** Sends `command` to the open rollout's live driver; its answer, or why none came. */
  command(command: RolloutOperatorCommand): Promise<CommandOutcome>;
  /** Stops showing (and following) the open rollout. */
  closeShown(): Promise<void>;
  close(): Promise<void>;
}

interface Open {
  readonly rollout: string;
  readonly events: RolloutEvent[];
  state: RolloutState;
  readonly feed: TimelineFeed;
  readonly createdBy: string;
  /** Its telemetry samples, as read so far. */
  readonly samples: TeamSamples;
  /** The last record seen: a follow (again, after a lost connection) starts after it. */
  head: { seq: number; hash: string };
  follow: Follow | null;
  /** Set while a follow is being started, so two reads of the banner do not start two. */
  starting: boolean;
  problem: string | null;
  /** As last read (the banner keeps them while the database does not answer). */
  driver: TeamRolloutHead['driver'];
  watchers: TeamWatcher[];
}

/**
 * Checks that `url` answers, with the password its conventions give and a schema of this
 * build's version: null, or the one line that says what and where.
 */
export async function checkTeamDatabase(c: TeamConnection): Promise<string | null> {
  const client = new pg.Client(clientConfig(c.url, c.env, 'ringside console'));
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await checkSchema(client, c.url.shown, c.url.databaseShown);
  } catch (e) {
    return describePgError(e, c.url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The team console of `o.url`'s database; connects on first use. */
export function createTeamConsole(o: TeamConsoleOptions): TeamConsole {
  const pool = new pg.Pool({ ...clientConfig(o.url, o.env, 'ringside console'), max: 2 });
  // A connection the server dropped is replaced at the next query; its error is that query's.
  pool.on('error', () => undefined);
  const lister = createTeamLister(o.url);
  let open: Open | null = null;
  let login: string | null = null;
  /** What the login may do, read once with it (the database stays the authority). */
  let role: TeamRole | null = null;
  const fail = (what: string, e: unknown): Error =>
    new Error(`${what}: ${e instanceof TeamReadError ? e.message : describePgError(e, o.url)}`);

  /** Reads the shown rollout's new samples (pushed); a failure is said, the next batch retries. */
  const refreshSamples = (now: Open): void => {
    if (open === now) {
      now.samples.refresh().catch((e: unknown) => {
        o.log(`team rollout ${now.rollout}: samples not read: ${describePgError(e, o.url)}`);
      });
    }
  };

  /** Follows `now` live from its head; a failure is its problem, retried by the next view(). */
  const follow = async (now: Open): Promise<void> => {
    if (now.follow !== null || now.starting || isTerminal(now.state.status)) {
      return;
    }
    now.starting = true;
    const started = await followRollout<RolloutEvent>(o.url, {
      env: o.env,
      rollout: now.rollout,
      after: now.head,
      parseEvent: parseRolloutEvent,
      onSamples: () => refreshSamples(now),
      onRecords: (records) => {
        const added = records.map((r) => r.event);
        for (const e of added) {
          now.events.push(e);
          // `now.state` came from replay and is owned here: stepping in place is safe.
          now.state = replayStep(now.state, e);
        }
        const last = records.at(-1);
        if (last !== undefined) {
          now.head = { seq: last.seq, hash: last.hash };
        }
        now.feed.add(added);
        if (open === now) {
          o.changed();
        }
      },
      onError: (line) => {
        now.problem = line;
        now.follow = null;
        o.log(`team rollout ${now.rollout}: ${line}`);
        o.changed();
      },
    }).finally(() => {
      now.starting = false;
    });
    if (!started.ok) {
      now.problem = started.message;
    } else if (open !== now || isTerminal(now.state.status)) {
      await started.follow.stop();
    } else {
      now.follow = started.follow;
      now.problem = null;
      // Batches committed before LISTEN (or while the connection was gone) are read now.
      refreshSamples(now);
    }
  };

  const closeShown = async (): Promise<void> => {
    const was = open;
    open = null;
    await was?.follow?.stop();
  };

  return {
    list: async () => {
      try {
        return await lister.list(pool, open?.rollout ?? null);
      } catch (e) {
        throw fail('listTeamRollouts', e);
      }
    },
    open: async (rollout) => {
      let read;
      const samples = createTeamSamples(pool, rollout, (p) => {
        if (open?.samples === samples) {
          o.samples(p);
        }
      });
      try {
        read = await readTeamRolloutState(pool, o.url, rollout);
        login ??= await databaseLogin(pool);
        role ??= await readTeamRole(pool);
        await samples.refresh();
      } catch (e) {
        throw fail('openTeamRollout', e);
      }
      if (!read.ok) {
        throw new Error(`openTeamRollout: ${read.message}`);
      }
      const first = read.records[0];
      if (first === undefined) {
        throw new Error(`openTeamRollout: no rollout named ${rollout} in ${o.url.databaseShown}`);
      }
      await closeShown();
      const events = read.events;
      const feed = createTimelineFeed();
      feed.add(events);
      const now: Open = {
        rollout,
        events,
        state: read.state,
        feed,
        createdBy: first.event.type === 'RolloutCreated' ? first.event.by : '?',
        samples,
        head: (({ seq, hash }) => ({ seq, hash }))(read.records.at(-1) ?? first),
        follow: null,
        starting: false,
        problem: null,
        driver: null,
        watchers: [],
      };
      open = now;
      o.changed();
      if (isTerminal(now.state.status)) {
        return;
      }
      await follow(now);
    },
    shown: () =>
      open === null
        ? null
        : {
            id: open.rollout,
            journalPath: `${o.url.databaseShown} rollout ${open.rollout}`,
            plan: open.state.plan ?? missingPlan(open.rollout),
            events: open.events,
            state: open.state,
            timeline: open.feed.entries(),
          },
    series: (metric, sinceMs) => open?.samples.series(metric, sinceMs) ?? [],
    readOnly: () => open === null || isTerminal(open.state.status),
    view: async () => {
      const shown = open;
      if (shown === null) {
        return null;
      }
      // A follow that stopped (the database went away) starts again once it answers.
      await follow(shown);
      let problem = shown.problem;
      try {
        const heads = await readTeamHeads(pool);
        shown.driver = heads.find((h) => h.rollout === shown.rollout)?.driver ?? null;
        shown.watchers = await readTeamWatchers(pool, shown.rollout, shown.follow?.pid ?? -1);
      } catch (e) {
        // Who drives and watches as last read; the banner says the database did not answer.
        problem ??= describePgError(e, o.url);
      }
      const release = shown.state.plan?.release ?? { name: '?', version: '?' };
      return {
        rollout: shown.rollout,
        database: o.url.databaseShown,
        login: login ?? '?',
        role: role ?? 'none',
        createdBy: shown.createdBy,
        release: { name: release.name, version: release.version },
        driver: shown.driver,
        watchers: [...shown.watchers],
        readOnly: isTerminal(shown.state.status),
        problem,
      };
    },
    command: async (command) => {
      const shown = open;
      if (shown === null) {
        return { ok: false, reason: 'no team rollout is open' };
      }
      // With no live lease nothing would answer: say so now, not after the timeout.
      let driven = true;
      try {
        driven = (await readTeamHeads(pool)).some((h) => h.rollout === shown.rollout && h.driver);
      } catch {
        // Unknown: the command path below says what the database answers.
      }
      if (!driven) {
        const url = new URL(o.url.shown);
        url.searchParams.set('rollout', shown.rollout);
        return { ok: false, reason: teamNoDriverWords(shown.rollout, url.toString()) };
      }
      const sent = await sendTeamCommand(
        { ...o.url, rollout: shown.rollout },
        o.env,
        command,
        o.commandTimeoutMs ?? 10_000,
      );
      switch (sent.kind) {
        case 'answered':
          return sent.outcome;
        case 'withdrawn':
        case 'failed':
          return { ok: false, reason: sent.message };
      }
    },
    closeShown,
    close: async () => {
      await closeShown();
      await pool.end().catch(() => undefined);
    },
  };
}

function missingPlan(rollout: string): never {
  throw new Error(`team rollout ${rollout}: its first record is not the rollout's creation`);
}
