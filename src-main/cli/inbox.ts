/**
 * The inbox through which `ringside promote|pause|...` hands a command to the live `ringside
 * run` that holds the journal's lock: the caller writes `<journal dir>/inbox/<id>.json`
 * atomically (temp file + rename); the run polls the folder, deletes the request, parses it
 * with core/commands' schema, decides it (at most once per command id, never after its
 * deadline), and answers in `<id>.answer.json` (atomically too); the caller polls for the answer.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOperatorCommand } from '../core/commands';
import type { CommandResult, RolloutEngine } from '../runtime/engine-types';
import { toEngineCommand, type RolloutOperatorCommand } from '../runtime/operator-command';

/** The inbox folder of a journal directory. */
export function inboxDir(journalDir: string): string {
  return path.join(journalDir, 'inbox');
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * Turns untrusted JSON into a command for the rollout (core/commands' schema), or a one-line
 * reason it is not one. `start` is not an inbox command: the run drives its own rollout.
 */
export function parseInboxCommand(raw: unknown): RolloutOperatorCommand | string {
  const parsed = parseOperatorCommand(raw);
  if (typeof parsed === 'string') {
    return parsed;
  }
  if (parsed.kind === 'start') {
    return 'start: a running rollout cannot be started again';
  }
  return parsed;
}

/** A running inbox server; `stop` waits for the command being answered, if any. */
export interface InboxServer {
  stop(): Promise<void>;
}

/** Serves the inbox of `journalDir` for `engine`, polling every `pollMs`. */
export async function serveInbox(
  journalDir: string,
  engine: RolloutEngine,
  pollMs = 200,
  screen: (c: RolloutOperatorCommand) => RolloutOperatorCommand | string = (c) => c,
): Promise<InboxServer> {
  const dir = inboxDir(journalDir);
  await mkdir(dir, { recursive: true });
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (!name.endsWith('.json') || name.endsWith('.answer.json')) {
        continue;
      }
      const file = path.join(dir, name);
      const text = await readFile(file, 'utf8').catch(() => null);
      await rm(file, { force: true });
      if (text === null) {
        continue;
      }
      let answer: CommandResult;
      try {
        const read = parseInboxCommand(JSON.parse(text));
        const parsed = typeof read === 'string' ? read : screen(read);
        answer =
          typeof parsed === 'string'
            ? { ok: false, reason: `inbox ${name}: ${parsed}` }
            : await engine.command(toEngineCommand(parsed), parsed.stamp);
      } catch (e) {
        answer = {
          ok: false,
          reason: `inbox ${name}: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      await writeAtomic(
        path.join(dir, name.replace(/\.json$/, '.answer.json')),
        JSON.stringify(answer),
      );
    }
  };
  const timer = setInterval(() => {
    if (!stopped) {
      busy = busy.then(poll).catch(() => undefined);
    }
  }, pollMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}

/**
 * Hands a command to the process driving the journal and waits for its answer; after
 * `timeoutMs` without one, says so (the request is withdrawn).
 */
export async function sendToInbox(
  journalDir: string,
  command: RolloutOperatorCommand,
  timeoutMs = 15_000,
  pollMs = 100,
): Promise<
  CommandResult | { readonly ok: false; readonly reason: string; readonly noAnswer: true }
> {
  const dir = inboxDir(journalDir);
  await mkdir(dir, { recursive: true });
  // The file is named by the command's id: a retry of the same command is the same request.
  const id = command.stamp.id;
  const request = path.join(dir, `${id}.json`);
  const answerFile = path.join(dir, `${id}.answer.json`);
  await writeAtomic(request, JSON.stringify(command));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(answerFile, 'utf8').catch(() => null);
    if (text !== null) {
      await rm(answerFile, { force: true });
      const raw = JSON.parse(text) as { ok?: unknown; reason?: unknown };
      return raw.ok === true
        ? { ok: true }
        : { ok: false, reason: typeof raw.reason === 'string' ? raw.reason : 'refused' };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  await rm(request, { force: true });
  return {
    ok: false,
    noAnswer: true,
    reason: `no answer within ${Math.round(timeoutMs / 1000)} s from the process holding the journal in ${journalDir}`,
  };
}

/** Break-glass kinds: the ones a team driver takes from its own machine's inbox. */
const breakGlassKinds: readonly string[] = ['pause', 'halt', 'abort', 'rollback'];

/**
 * The local inbox of a team driver (`.ringside/spill/<rollout>/` beside it): only for
 * break-glass, when the team database cannot carry the command. It takes pause, halt,
 * abort and rollback, in the name of the driver's own login (the person at its desk; the
 * database checks that name when the records are reconciled).
 */
export function teamInboxDir(cwd: string, rollout: string): string {
  return path.join(cwd, '.ringside', 'spill', rollout.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** The screen of a team driver's local inbox (see {@link teamInboxDir}). */
export function breakGlassScreen(
  login: string,
): (c: RolloutOperatorCommand) => RolloutOperatorCommand | string {
  return (c) =>
    breakGlassKinds.includes(c.kind)
      ? { ...c, by: login }
      : `${c.kind}: a team driver takes only pause, halt, abort and rollback from this machine (break-glass); send it through the team database`;
}
