/**
 * Runs the `ringside` CLI in a child process, from source (tsx), so a test can `kill -9` a
 * real `ringside run` and start another one on the same journal — exactly what an operator
 * or a crash does. Also reads the journal back for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadJournal, resolveJournalPath } from '../../src-main/adapters/journal';
import type { RolloutEvent } from '../../src-main/core/rollout';

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(REPO_ROOT, 'src-main', 'cli', 'bin.ts');

/** How a `ringside` process ended. */
export interface CliResult {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `ringside` child still running. */
export interface RingsideProcess {
  readonly child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly done: Promise<CliResult>;
  /** SIGKILL (no cleanup, no last journal line: a real crash) and wait for the exit. */
  kill9(): Promise<CliResult>;
}

export interface CliOptions {
  /** Replaces the environment (PATH is kept). HOME decides ~/.ssh and ~/.config/ringside. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** A built CLI (e.g. dist/cli.js) to run with node instead of the sources through tsx. */
  readonly bin?: string;
}

function childEnv(env: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  // No SSH_AUTH_SOCK: a developer's agent must not make an auth-failure test pass.
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_OPTIONS: '',
    ...(env ?? {}),
  };
}

const live = new Set<ChildProcess>();
let exitHook = false;

/**
 * SIGKILLs every `ringside` child still running (call from afterAll): a test that timed
 * out must not leave a rollout driving hosts behind it. Also done when the worker exits.
 */
export function killAllRingside(): void {
  for (const c of live) {
    c.kill('SIGKILL');
  }
}

/** Starts `ringside ARGS` from source; the caller waits on `done` or kills it. */
export function spawnRingside(args: readonly string[], opts: CliOptions = {}): RingsideProcess {
  const argv = opts.bin !== undefined ? [opts.bin, ...args] : ['--import', 'tsx', BIN, ...args];
  const child = spawn(process.execPath, argv, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: childEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', killAllRingside);
  }
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<CliResult>((resolve) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    kill9: async () => {
      child.kill('SIGKILL');
      return done;
    },
  };
}

/** Runs `ringside ARGS` to the end. */
export function ringside(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnRingside(args, opts).done;
}

/** One line for an assertion message: how a run ended and what it said last. */
export function describeRun(r: CliResult): string {
  const tail = (s: string): string => s.trim().split('\n').slice(-8).join('\n');
  return `exit ${String(r.code)} signal ${String(r.signal)}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`;
}

/** Every event of a journal (file or --journal directory), in order; throws on damage. */
export async function journalEvents(journal: string): Promise<RolloutEvent[]> {
  const r = await loadJournal<RolloutEvent>(journal);
  if (!r.ok) {
    throw new Error(`journal ${journal}: ${r.error.message}`);
  }
  return r.records.map((rec) => rec.event);
}

/** Lines in the journal file right now (0 when it does not exist yet); cheap enough to poll. */
export function journalLineCount(journal: string): number {
  const file = resolveJournalPath(journal).file;
  if (!existsSync(file)) {
    return 0;
  }
  const text = readFileSync(file, 'utf8');
  return text.length === 0 ? 0 : text.split('\n').length - 1;
}

/** Polls `cond` every 25 ms; throws naming `what` after `limitMs` (a generous safety net). */
export async function waitFor(
  cond: () => boolean,
  what: string,
  limitMs = 60_000,
  isDead?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (isDead?.() === true) {
      throw new Error(`process ended before ${what}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Events of one type, typed. */
export function ofType<T extends RolloutEvent['type']>(
  events: readonly RolloutEvent[],
  type: T,
): Extract<RolloutEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RolloutEvent, { type: T }> => e.type === type);
}
