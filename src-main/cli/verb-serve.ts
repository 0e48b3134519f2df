import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRingsideApp } from '../app';
import { createPlanAccess } from '../app/plan-access';
import type { RingsideApi } from '../core/contract';
import { parseDuration } from '../core/duration';
import { createFixtureApi } from '../core/contract/fixture-api';
import { makeFixtureLogLines } from '../core/contract/fixture-telemetry';
import { startConsoleServer } from '../server/console-server';
import { parseVerbArgs, UsageError, type CliIo, type Verb } from './args';
import { parseTeamUrl } from '../adapters/journal-pg';
import { checkTeamDatabase, type TeamConnection } from '../app/team/team-console';

const usage = `ringside serve [PLAN] [--demo] [--port P] [--open] [--journal DIR] [--bake D]
                [--fixture] [--static DIR] [--team URL]

Serves the console in a browser: the built renderer and its WebSocket bridge on 127.0.0.1
only, behind a random token. Prints the URL to open on a line of its own.

  PLAN          plan file to open (default: the demo workspace; with --team, none)
  --demo        open the demo workspace: a simulated fleet of 60 hosts in this process,
                with a good release (2.4.0) and a bad one (2.4.1-bad) to start
  --port P      port to listen on (default: a free port)
  --open        open the URL in the default browser
  --journal DIR where rollout journals go, one directory per rollout
                (default: $XDG_STATE_HOME/ringside/journals or ~/.local/state/ringside/journals).
                The newest unfinished rollout of the workspace found there is resumed, so
                a console stopped or killed mid-rollout picks it up where it was
  --bake D      every ring's bake time, e.g. 5s (default: the plan's)
  --fixture     serve fixture data instead of the engine (UI development, tests)
  --static DIR  renderer directory (default: dist/renderer beside the CLI)
  --team URL    a team database (postgres://[USER@]HOST[:PORT]/DB, made by ringside team
                init): the console lists its rollouts, opens and follows any, and sends
                commands as the database login. The password comes from libpq's
                conventions (PGPASSWORD, ~/.pgpass or PGPASSFILE), never from a Ringside
                file. With ?rollout=NAME that rollout is open from the start. Without
                PLAN (or --demo) no local workspace opens: the console starts on the
                team's rollouts (History), or on the rollout ?rollout= names
`;

/** Where journals go by default: the XDG state directory, so they outlive a reboot. */
function defaultJournalRoot(env: Readonly<Record<string, string | undefined>>): string {
  const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'ringside', 'journals');
}

/** Where the built renderer is: beside the bundled CLI (dist/cli.js), else ./dist/renderer. */
function findRenderer(io: CliIo, given: string | undefined): string {
  const candidates = given
    ? [resolve(io.cwd, given)]
    : [fileURLToPath(new URL('./renderer', import.meta.url)), resolve(io.cwd, 'dist/renderer')];
  const found = candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
  if (!found) {
    throw new UsageError(
      `ringside serve: no built renderer (index.html) in ${candidates.join(' or ')}; run npm run build`,
    );
  }
  return found;
}

/** The examples directory shipped with Ringside (beside dist/, or the repo root from source). */
function examplesDir(): string {
  const candidates = ['../examples', '../../examples'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((d) => existsSync(d)) ?? candidates[0] ?? 'examples';
}

/** Fixture mode: the fixture API plus a 1 Hz feed of samples and log lines, like the engine. */
function fixtureApi(): { api: RingsideApi; stop: () => Promise<void> } {
  const fixture = createFixtureApi({ now: () => Date.now(), scenario: 'deploying' });
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    const t = Date.now();
    for (const ring of ['baseline', 'canary', 'early']) {
      const lift = ring === 'baseline' ? 1 : 1.1;
      fixture.hub.emit('onSamples', {
        metric: 'error_rate',
        ring,
        points: [{ t, v: 0.5 * lift * (1 + 0.1 * Math.sin(tick / 10)) }],
      });
      fixture.hub.emit('onSamples', {
        metric: 'p99_latency',
        ring,
        points: [{ t, v: 210 * lift * (1 + 0.05 * Math.cos(tick / 7)) }],
      });
    }
    for (const line of makeFixtureLogLines(t, 2, tick)) {
      fixture.hub.emit('onLogLine', line);
    }
  }, 1000);
  return { api: fixture.api, stop: async () => clearInterval(timer) };
}

/** The real thing: the app facade on the demo or a plan; plan errors are a usage error. */
async function engineApi(
  io: CliIo,
  o: Omit<Parameters<typeof createRingsideApp>[0], 'log'>,
): Promise<{ api: RingsideApi; stop: () => Promise<void> }> {
  try {
    const app = await createRingsideApp({ ...o, log: (line) => io.err(`ringside: ${line}`) });
    const rollout = o.team?.url.rollout ?? null;
    if (rollout !== null) {
      await app.openTeamRollout({ rollout }).catch(async (e: unknown) => {
        await app.close();
        throw e;
      });
    }
    return { api: app, stop: () => app.close() };
  } catch (e) {
    throw new UsageError(`ringside serve: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The team database of --team, checked now: a wrong URL, password or schema is one line. */
async function teamConnection(text: string, io: CliIo): Promise<TeamConnection> {
  const url = parseTeamUrl(text);
  if (typeof url === 'string') {
    throw new UsageError(`ringside serve: --team: ${url}`);
  }
  const c = { url, env: io.env };
  const problem = await checkTeamDatabase(c);
  if (problem !== null) {
    throw new UsageError(`ringside serve: --team: ${problem}`);
  }
  return c;
}

function openInBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export const serveVerb: Verb = {
  name: 'serve',
  summary: 'serve the console in a browser on 127.0.0.1 (token-protected)',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('serve', argv, {
      demo: { type: 'boolean' },
      port: { type: 'string' },
      open: { type: 'boolean' },
      fixture: { type: 'boolean' },
      static: { type: 'string' },
      journal: { type: 'string' },
      bake: { type: 'string' },
      team: { type: 'string' },
    });
    if (positionals.length > 1) {
      throw new UsageError(`ringside serve: expected at most one PLAN, got ${positionals.length}`);
    }
    if (positionals.length === 1 && values.demo) {
      throw new UsageError('ringside serve: give either PLAN or --demo, not both');
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`ringside serve: --port expects 0..65535, got '${values.port}'`);
    }
    const bakeMs = values.bake === undefined ? undefined : parseDuration(values.bake);
    if (values.bake !== undefined && bakeMs === undefined) {
      throw new UsageError(
        `ringside serve: --bake expects a duration such as 5s or 1m, got '${values.bake}'`,
      );
    }
    if (values.team !== undefined && values.fixture) {
      throw new UsageError('ringside serve: give either --team or --fixture, not both');
    }
    const team = values.team === undefined ? undefined : await teamConnection(values.team, io);
    const staticDir = findRenderer(io, values.static);
    const plan = positionals[0];
    const source = values.fixture
      ? fixtureApi()
      : await engineApi(io, {
          workspace:
            plan !== undefined
              ? { planPath: resolve(io.cwd, plan) }
              : team !== undefined && !values.demo
                ? { none: true }
                : { demo: true },
          // Besides its own plan, a console may open the examples shipped beside the CLI.
          planAccess: createPlanAccess([], [examplesDir()]),
          journalRoot: values.journal
            ? resolve(io.cwd, values.journal)
            : defaultJournalRoot(io.env),
          ...(bakeMs !== undefined ? { bakeMs } : {}),
          ...(team !== undefined ? { team } : {}),
        });
    const server = await startConsoleServer({ api: source.api, staticDir, port });
    io.out(server.url);
    if (values.open) {
      openInBrowser(server.url);
    }
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    await source.stop();
    return 0;
  },
};
