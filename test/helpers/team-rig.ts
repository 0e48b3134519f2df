/**
 * The set-up every team test file shares, registered once: a private PostgreSQL 15 cluster
 * (test/helpers/postgres.ts), optionally the shipped CLI (dist/cli.js, built once), a temp
 * root, and the consoles a test opened, all torn down in afterAll (ringside children killed,
 * consoles closed, the cluster stopped, the root removed, in that order). A test asks the rig
 * for a fresh team database — schema made by `ringside team init`, a login per person — and
 * gets its URLs back typed, so each file keeps only what is particular to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { MIGRATIONS, connectTeam, readRollout } from '../../src-main/adapters/journal-pg';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { buildCli } from './built-cli';
import { runCliCaptured } from './cli-io';
import { initTeamSchema, startPostgres, teamUrl, type PgCluster } from './postgres';
import {
  describeRun,
  killAllRingside,
  spawnRingside,
  type CliOptions,
  type CliResult,
  type RingsideProcess,
} from './ringside-cli';

/** The roles `ringside team init` creates. */
export type TeamRoleName = 'ringside_viewer' | 'ringside_operator' | 'ringside_approver';

/** How a test file's rig is made. */
export interface TeamRigOptions {
  /** Names the temp root: `$TMPDIR/ringside-<name>-XXXXXX`. */
  readonly name: string;
  /** Build dist/cli.js in beforeAll, for tests that run (and kill) the shipped program. */
  readonly builtCli?: boolean;
}

/** How a fresh team database is made. */
export interface TeamDbOptions<P extends string> {
  /**
   * Who makes the schema: `cli` is `ringside team init` (the built program when the rig has
   * it, else the CLI in process), `library` the adapter's initSchema. Defaults to `cli` with
   * a built CLI, `library` without.
   */
  readonly schema?: 'cli' | 'library';
  /** One database login per person, member of these roles (password: PG_TEST_PASSWORD). */
  readonly logins?: Readonly<Record<P, readonly TeamRoleName[]>>;
}

/** A fresh database on the rig's cluster. */
export interface TeamDb<P extends string = never> {
  /** `postgres://postgres@127.0.0.1:PORT/NAME`: the superuser (password from the env). */
  readonly url: string;
  /** The database's name, for `rig.pg.sql`. */
  readonly name: string;
  /** Each person's URL: `url` as that database login. */
  readonly login: Readonly<Record<P, string>>;
  /** The journal URL of `rollout`, as `person`'s login when given, else the superuser's. */
  journal(rollout: string, person?: P): string;
}

/** One event of a team journal with what its row says about it. */
export interface TeamEventRow {
  readonly event: RolloutEvent;
  /** The lease epoch it was appended under. */
  readonly epoch: number;
  /** The database login that wrote the row. */
  readonly writtenBy: string;
  readonly at: Date;
}

/** What a test file gets from {@link useTeamRig}. */
export interface TeamRig {
  /** The file's cluster (started in beforeAll): pause/start, sql, login, port. */
  readonly pg: PgCluster;
  /** What a PostgreSQL client needs (PGPASSWORD). */
  readonly env: Readonly<Record<string, string>>;
  /** A temp directory for the file's plans, journals and homes; removed in afterAll. */
  readonly root: string;
  /** The built CLI and the env it runs with: options for ringside()/spawnRingside(). */
  readonly cli: { readonly bin: string; readonly env: Readonly<Record<string, string>> };
  /**
   * Starts the built CLI; by default with the rig's env (PGPASSWORD) and in `root`, so no
   * run writes beside the repository. `opts.env` replaces the env, as spawnRingside's does.
   */
  spawn(args: readonly string[], opts?: Omit<CliOptions, 'bin'>): RingsideProcess;
  /** {@link spawn} to the end. */
  run(args: readonly string[], opts?: Omit<CliOptions, 'bin'>): Promise<CliResult>;
  /** A fresh database, its schema made and its people given logins (see TeamDbOptions). */
  teamDb<P extends string = never>(opts?: TeamDbOptions<P>): Promise<TeamDb<P>>;
  /**
   * A fresh database whose schema stopped at `version` (the first migrations only), as an
   * older Ringside left it.
   */
  databaseAtVersion(version: number): Promise<TeamDb>;
  /** A client on `url` (its login; password from `env`, the rig's by default); throws. */
  connect(url: string, env?: Readonly<Record<string, string>>): Promise<pg.Client>;
  /** Runs `f` on a client of `url` and ends it. */
  withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T>;
  /** The events of the rollout `journal` names, read back and verified against the hash chain. */
  teamEvents(journal: string): Promise<TeamEventRow[]>;
  /**
   * A console (the app facade, as `ringside serve` and Electron use it) on the team database
   * `loginUrl`, with its journals in `root/journals-<login>`; closed in afterAll.
   */
  teamConsole(loginUrl: string): Promise<RingsideApp>;
  /** Closes `app` in afterAll (consoles a test made itself). */
  closeAfter(app: RingsideApp): RingsideApp;
}

/** `url` as the database login `person` (the test password comes from PGPASSWORD). */
export function asLogin(url: string, person: string): string {
  const u = new URL(url);
  u.username = person;
  return u.toString();
}

/**
 * Polls `get` every `everyMs` until `ok` holds and returns that value; throws naming `what`
 * and the last value after `limitMs` (a safety net, never a timed assertion).
 */
export async function until<T>(
  what: string,
  get: () => T | Promise<T>,
  ok: (v: T) => boolean,
  { limitMs = 30_000, everyMs = 100 }: { limitMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await get();
    if (ok(v)) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Registers the rig's beforeAll/afterAll in the calling test file and returns it. Its members
 * that need the cluster or the CLI throw outside a test (before beforeAll ran).
 */
export function useTeamRig(opts: TeamRigOptions): TeamRig {
  const root = mkdtempSync(path.join(os.tmpdir(), `ringside-${opts.name}-`));
  const built = opts.builtCli === true;
  let cluster: PgCluster | null = null;
  let bin: string | null = null;
  const apps: RingsideApp[] = [];

  beforeAll(async () => {
    // esbuild bundles in its own process while initdb and the postmaster start.
    const building = built ? buildCli() : Promise.resolve(null);
    try {
      cluster = await startPostgres();
    } finally {
      bin = await building;
    }
  });
  afterAll(async () => {
    killAllRingside();
    try {
      for (const a of apps) {
        await a.close();
      }
    } finally {
      // A console that failed to close must not leave the postmaster or the root behind.
      try {
        await cluster?.stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });

  const pgOf = (): PgCluster => {
    if (cluster === null) {
      throw new Error(`useTeamRig(${opts.name}): the cluster is not started (use it in a test)`);
    }
    return cluster;
  };
  const binOf = (): string => {
    if (bin === null) {
      throw new Error(
        built
          ? `useTeamRig(${opts.name}): the CLI is not built yet (use it in a test)`
          : `useTeamRig(${opts.name}): made without builtCli: true`,
      );
    }
    return bin;
  };
  const spawn = (args: readonly string[], o: Omit<CliOptions, 'bin'> = {}): RingsideProcess =>
    spawnRingside(args, { bin: binOf(), env: o.env ?? pgOf().env, cwd: o.cwd ?? root });

  const makeSchema = async (url: string, how: 'cli' | 'library'): Promise<void> => {
    if (how === 'library') {
      // The version every team test's messages speak of ("this Ringside needs 4").
      expect(await initTeamSchema(url, pgOf().env)).toMatchObject({ ok: true, to: 4 });
      return;
    }
    if (built) {
      const init = await spawn(['team', 'init', url]).done;
      expect(init.code, describeRun(init)).toBe(0);
      return;
    }
    const init = await runCliCaptured(['team', 'init', url], { env: { ...pgOf().env } });
    expect(init.code, init.err.join('\n')).toBe(0);
  };

  const dbOf = <P extends string>(url: string, login: Record<P, string>): TeamDb<P> => ({
    url,
    name: new URL(url).pathname.slice(1),
    login,
    journal: (rollout, person) =>
      `${person === undefined ? url : login[person]}?rollout=${rollout}`,
  });

  const connect = async (
    url: string,
    env: Readonly<Record<string, string>> = pgOf().env,
  ): Promise<pg.Client> => {
    const c = await connectTeam(teamUrl(url), env);
    if (!c.ok) {
      throw new Error(c.message);
    }
    return c.client;
  };

  const withClient = async <T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = await connect(url);
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  };

  const rig: TeamRig = {
    get pg() {
      return pgOf();
    },
    get env() {
      return pgOf().env;
    },
    root,
    get cli() {
      return { bin: binOf(), env: pgOf().env };
    },
    spawn,
    run: (args, o) => spawn(args, o).done,
    async teamDb<P extends string = never>(o: TeamDbOptions<P> = {}): Promise<TeamDb<P>> {
      const url = await pgOf().database();
      await makeSchema(url, o.schema ?? (built ? 'cli' : 'library'));
      const login = {} as Record<P, string>;
      const people = o.logins ?? ({} as Readonly<Record<P, readonly TeamRoleName[]>>);
      for (const person of Object.keys(people) as P[]) {
        login[person] = await pgOf().login(url, person, people[person]);
      }
      return dbOf(url, login);
    },
    async databaseAtVersion(version) {
      const url = await pgOf().database();
      const name = new URL(url).pathname.slice(1);
      for (const m of MIGRATIONS.slice(0, version)) {
        await pgOf().sql(name, m);
      }
      await pgOf().sql(name, 'INSERT INTO ringside_schema (only_row, version) VALUES (true, $1)', [
        version,
      ]);
      return dbOf(url, {});
    },
    connect,
    withClient,
    teamEvents(journal) {
      const url = teamUrl(journal);
      const rollout = url.rollout;
      if (rollout === null) {
        throw new Error(`teamEvents: ${journal} names no rollout (?rollout=NAME)`);
      }
      return withClient(journal, async (c) => {
        const read = await readRollout(c, url, rollout, parseRolloutEvent);
        if (!read.ok) {
          throw new Error(read.message);
        }
        const rows = await c.query<{ epoch: string; written_by: string; written_at: Date }>(
          'SELECT epoch, written_by, written_at FROM ringside_events WHERE rollout = $1 ORDER BY seq',
          [rollout],
        );
        return read.records.map((r, i) => ({
          event: r.event,
          epoch: Number(rows.rows[i]?.epoch),
          writtenBy: rows.rows[i]?.written_by ?? '',
          at: rows.rows[i]?.written_at ?? new Date(0),
        }));
      });
    },
    async teamConsole(loginUrl) {
      const app = await createRingsideApp({
        workspace: { demo: true },
        journalRoot: path.join(root, `journals-${new URL(loginUrl).username}`),
        snapshotIntervalMs: 20,
        team: { url: teamUrl(loginUrl), env: pgOf().env },
      });
      apps.push(app);
      return app;
    },
    closeAfter(app) {
      apps.push(app);
      return app;
    },
  };
  return rig;
}

/**
 * A run on a database left at schema `from` by an older Ringside is refused in one line that
 * names the command migrating it (exit 2); `ringside team init` then migrates it to 4 and
 * `table` exists. Needs a rig with the built CLI; `plan` is any valid plan file.
 */
export async function expectMigratedByTeamInit(
  rig: TeamRig,
  o: { readonly from: number; readonly plan: string; readonly table: string },
): Promise<void> {
  const { url: db, name } = await rig.databaseAtVersion(o.from);
  const refused = await rig.run(['run', o.plan, '--sim', '--journal', `${db}?rollout=old`]);
  expect(refused.code, describeRun(refused)).toBe(2);
  expect(refused.stderr.trim()).toBe(
    `ringside run: ${db}?rollout=old: the Ringside schema is at version ${o.from}, this Ringside needs 4; migrate it with: ringside team init ${db}`,
  );
  const init = await rig.run(['team', 'init', db]);
  expect(init.code, describeRun(init)).toBe(0);
  expect(init.stdout).toContain(`migrated the Ringside schema from version ${o.from} to 4`);
  const t = await rig.pg.sql<{ t: string | null }>(name, 'SELECT to_regclass($1)::text AS t', [
    o.table,
  ]);
  expect(t).toEqual([{ t: o.table }]);
}
