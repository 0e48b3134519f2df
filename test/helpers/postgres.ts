/**
 * Test fixture: a private PostgreSQL 15 cluster (Debian's binaries) in a temp directory, on
 * 127.0.0.1 and a free port, run as the unprivileged `postgres` user (initdb refuses root),
 * with fsync off for speed. Password auth over TCP (scram), so wrong-password paths are
 * real. A test file gets one cluster through useTeamRig (team-rig.ts); `database()` makes a
 * fresh database per test. stop() kills the real postmaster (from postmaster.pid, not the
 * runuser wrapper) and removes the directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './prometheus';
import {
  connectTeam,
  initSchema,
  parseTeamUrl,
  type TeamUrl,
} from '../../src-main/adapters/journal-pg';

const BIN = '/usr/lib/postgresql/15/bin';
/** The cluster's superuser password (test-only; reaches the client through PGPASSWORD). */
export const PG_TEST_PASSWORD = 'ringside-test-pw';

export interface PgCluster {
  readonly host: string;
  readonly port: number;
  /** Environment a client needs (PGPASSWORD), to pass to ringside processes. */
  readonly env: Readonly<Record<string, string>>;
  /** `postgres://postgres@127.0.0.1:PORT/DB` (no password: it comes from PGPASSWORD). */
  url(db: string): string;
  /** Creates a fresh database and returns its URL. */
  database(prefix?: string): Promise<string>;
  /**
   * A login role `name` (a person), with the test password, member of `roles` (e.g.
   * ringside_approver, which team init creates); returns `dbUrl` as that login. Roles are
   * cluster-wide: a second call for the same name only adds grants.
   */
  login(dbUrl: string, name: string, roles: readonly string[]): Promise<string>;
  /** Runs SQL as the superuser on `db`. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
    db: string,
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  /** Stops the server (fast shutdown), keeping the data: `start()` brings it back. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<() => void>();
process.once('exit', () => {
  for (const kill of live) {
    kill();
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function asPostgres(args: string[]): string[] {
  return ['-u', 'postgres', '--', ...args];
}

/** initdb + start; resolves once a connection succeeds. */
export async function startPostgres(): Promise<PgCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, PG_TEST_PASSWORD);
  execFileSync('mkdir', ['-p', sock]);
  for (const p of [dir, sock, pwfile]) {
    chownSync(p, uid(), gid());
  }
  execFileSync(
    'runuser',
    asPostgres([
      `${BIN}/initdb`,
      '-D',
      data,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]),
    { stdio: 'pipe' },
  );
  const port = await freePort();
  const host = '127.0.0.1';
  let proc: ChildProcess | null = null;
  let stderr = '';
  const postmasterPid = (): number | null => {
    const file = path.join(data, 'postmaster.pid');
    if (!existsSync(file)) {
      return null;
    }
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  };
  const killHard = (): void => {
    const pid = postmasterPid();
    if (pid !== null) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  };
  live.add(killHard);
  const url = (db: string): string => `postgres://postgres@${host}:${port}/${db}`;
  const env = { PGPASSWORD: PG_TEST_PASSWORD };
  const connect = async (db: string): Promise<pg.Client> => {
    const c = new pg.Client({
      host,
      port,
      database: db,
      user: 'postgres',
      password: PG_TEST_PASSWORD,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
    } catch (e) {
      await c.end().catch(() => undefined);
      throw e;
    }
    return c;
  };
  const start = async (): Promise<void> => {
    const child = spawn(
      'runuser',
      asPostgres([
        `${BIN}/postgres`,
        '-D',
        data,
        '-k',
        sock,
        '-p',
        String(port),
        '-c',
        `listen_addresses=${host}`,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=100',
      ]),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc = child;
    let lastError = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) {
        throw new Error(`postgres exited with ${child.exitCode}: ${stderr}`);
      }
      try {
        const c = await connect('postgres');
        await c.end();
        return;
      } catch (e) {
        // not accepting connections yet
        lastError = e instanceof Error ? e.message : String(e);
      }
      if (i > 300) {
        throw new Error(
          `postgres on ${host}:${port} not ready after 30 s (${lastError}): ${stderr.slice(-1000)}`,
        );
      }
      await sleep(100);
    }
  };
  const pause = async (): Promise<void> => {
    const pid = postmasterPid();
    const child = proc;
    if (pid === null || child === null) {
      return;
    }
    const exited = new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        r();
      } else {
        child.once('exit', () => r());
      }
    });
    // SIGINT: fast shutdown of the real postmaster (runuser only waits for it).
    process.kill(pid, 'SIGINT');
    await exited;
    proc = null;
  };
  let counter = 0;
  await start();
  return {
    host,
    port,
    env,
    url,
    async database(prefix = 'rs') {
      counter += 1;
      const name = `${prefix}_${counter}_${process.pid}`;
      const c = await connect('postgres');
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async login(dbUrl, name, roles) {
      const c = await connect('postgres');
      try {
        await c.query(
          `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN PASSWORD '${PG_TEST_PASSWORD}'; END IF; END $$`,
        );
        for (const r of roles) {
          await c.query(`GRANT ${r} TO ${name}`);
        }
      } finally {
        await c.end();
      }
      const u = new URL(dbUrl);
      u.username = name;
      return u.toString();
    },
    async sql(db, text, values) {
      const c = await connect(db);
      try {
        return (await c.query(text, values)).rows;
      } finally {
        await c.end();
      }
    },
    pause,
    start,
    async stop() {
      await pause();
      live.delete(killHard);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uid(): number {
  return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
}

function gid(): number {
  return Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
}

/** A team URL the test wrote; a bad one is a bug in the test. */
export function teamUrl(text: string): TeamUrl {
  const u = parseTeamUrl(text);
  if (typeof u === 'string') {
    throw new Error(u);
  }
  return u;
}

/** `ringside team init` on `dbUrl` as a library call: what initSchema answered. */
export async function initTeamSchema(
  dbUrl: string,
  env: Readonly<Record<string, string>>,
): Promise<Awaited<ReturnType<typeof initSchema>>> {
  const u = teamUrl(dbUrl);
  const c = await connectTeam(u, env);
  if (!c.ok) {
    throw new Error(c.message);
  }
  try {
    return await initSchema(c.client, u.shown);
  } finally {
    await c.client.end();
  }
}
