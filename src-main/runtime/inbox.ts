/**
 * The inbox through which `ringside promote|pause|...` hands a command to the live `ringside
 * run` that holds the journal's lock: the caller writes `<journal dir>/inbox/<id>.json`
 * atomically (temp file + rename); the run polls the folder, deletes the request, decides
 * it, and answers in `<id>.answer.json` (atomically too); the caller polls for the answer.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandResult, EngineOperatorCommand, RolloutEngine } from './engine-types';

/** The operator commands the CLI can send (JSON as written in the inbox). */
export type InboxCommand =
  | {
      readonly type: 'promote';
      readonly by: string;
      readonly note?: string;
      readonly override?: string;
    }
  | { readonly type: 'pause' | 'resume' | 'abort'; readonly by: string; readonly reason: string }
  | {
      readonly type: 'rollback';
      readonly by: string;
      readonly reason: string;
      readonly scope: 'ring' | 'all';
      readonly emergency?: boolean;
    }
  /** The run records the key in Ringside's known_hosts, then journals the approval. */
  | {
      readonly type: 'approveHost' | 'rejectHost';
      readonly by: string;
      readonly host: string;
      readonly fingerprint: string;
    }
  | {
      readonly type: 'resolveInDoubt';
      readonly by: string;
      readonly host: string;
      readonly resolution: 'completed' | 'failed';
      readonly reason: string;
    };

/** The inbox folder of a journal directory. */
export function inboxDir(journalDir: string): string {
  return path.join(journalDir, 'inbox');
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

/** Turns untrusted JSON into a command, or a one-line reason it is not one. */
export function parseInboxCommand(raw: unknown): InboxCommand | string {
  if (typeof raw !== 'object' || raw === null) {
    return 'expected a JSON object';
  }
  const o = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
  const by = str('by');
  if (by === undefined) {
    return "field 'by' must be a string";
  }
  switch (o.type) {
    case 'promote': {
      const note = str('note');
      const override = str('override');
      return {
        type: 'promote',
        by,
        ...(note !== undefined ? { note } : {}),
        ...(override !== undefined ? { override } : {}),
      };
    }
    case 'pause':
    case 'resume':
    case 'abort':
      return { type: o.type, by, reason: str('reason') ?? '' };
    case 'rollback':
      return {
        type: 'rollback',
        by,
        reason: str('reason') ?? '',
        scope: o.scope === 'all' ? 'all' : 'ring',
        ...(o.emergency === true ? { emergency: true } : {}),
      };
    case 'approveHost':
    case 'rejectHost': {
      const host = str('host');
      const fingerprint = str('fingerprint');
      if (host === undefined || fingerprint === undefined) {
        return `${o.type}: fields 'host' and 'fingerprint' must be strings`;
      }
      return { type: o.type, by, host, fingerprint };
    }
    case 'resolveInDoubt': {
      const host = str('host');
      if (host === undefined || (o.resolution !== 'completed' && o.resolution !== 'failed')) {
        return "resolveInDoubt: field 'host' must be a string and 'resolution' completed or failed";
      }
      return {
        type: 'resolveInDoubt',
        by,
        host,
        resolution: o.resolution,
        reason: str('reason') ?? '',
      };
    }
    default:
      return `unknown command type ${JSON.stringify(o.type)} (expected promote, pause, resume, abort, rollback, approveHost, rejectHost, resolveInDoubt)`;
  }
}

/** The engine command an inbox command stands for. */
export function toEngineCommand(c: InboxCommand): EngineOperatorCommand {
  switch (c.type) {
    case 'promote':
      return {
        type: 'promote',
        by: c.by,
        ...(c.note !== undefined ? { note: c.note } : {}),
        ...(c.override !== undefined ? { override: { reason: c.override } } : {}),
      };
    case 'pause':
    case 'resume':
    case 'abort':
      return { type: c.type, by: c.by, reason: c.reason };
    case 'rollback':
      return {
        type: 'rollback',
        by: c.by,
        reason: c.reason,
        scope: c.scope,
        ...(c.emergency === true ? { emergency: true } : {}),
      };
    case 'approveHost':
    case 'rejectHost':
      return { type: c.type, by: c.by, host: c.host, fingerprint: c.fingerprint };
    case 'resolveInDoubt':
      return {
        type: 'resolveInDoubt',
        by: c.by,
        host: c.host,
        resolution: c.resolution,
        reason: c.reason,
      };
    default: {
      const never: never = c;
      return never;
    }
  }
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
        const parsed = parseInboxCommand(JSON.parse(text));
        answer =
          typeof parsed === 'string'
            ? { ok: false, reason: `inbox ${name}: ${parsed}` }
            : await engine.command(toEngineCommand(parsed));
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
  command: InboxCommand,
  timeoutMs = 15_000,
  pollMs = 100,
): Promise<
  CommandResult | { readonly ok: false; readonly reason: string; readonly noAnswer: true }
> {
  const dir = inboxDir(journalDir);
  await mkdir(dir, { recursive: true });
  const id = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
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
