/**
 * The live driver's side of the commands table: it LISTENs for new commands of its rollout
 * (a slow re-check covers a lost notification, never the main path), claims each under its
 * lease epoch, decides it with the engine in the name of the login that issued it, and
 * answers. An accepted command's events answer it in their own transaction (the database's
 * identity trigger), so "decided" and "journaled" cannot part; a refusal is answered here.
 * At most once: a claim succeeds only on an unanswered command, the engine's command gate
 * remembers every id, and the database refuses a second event of an answered command.
 */
import {
  answerTeamCommand,
  claimTeamCommand,
  connectTeam,
  describePgError,
  openTeamCommands,
  COMMANDS_CHANNEL,
  type OpenTeamCommand,
  type TeamUrl,
} from '../adapters/journal-pg';
import { parseOperatorCommand, type CommandOutcome } from '../core/commands';
import { teamCommandRefusedWords } from '../core/words';
import type { RolloutEngine } from './engine-types';
import { toEngineCommand } from './operator-command';

/** Connecting again failed: its message is connectTeam's line already. */
class ConnectFailed extends Error {}

/** A running command server; `stop` waits for the command being decided, if any. */
export interface TeamCommandServer {
  stop(): Promise<void>;
}

/** What {@link serveTeamCommands} needs. */
export interface TeamCommandServerOptions {
  readonly url: TeamUrl;
  readonly rollout: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The lease epoch the driver holds: claims and answers are fenced by it. */
  readonly epoch: number;
  readonly engine: RolloutEngine;
  /** Trouble that does not stop the rollout (a lost connection, a bad command row). */
  readonly warn: (line: string) => void;
  /** The safety re-check's period (default 5 s); notifications are the main path. */
  readonly recheckMs?: number;
}

/** Starts serving; resolves once LISTEN is in place, or with the one-line failure. */
export async function serveTeamCommands(
  o: TeamCommandServerOptions,
): Promise<{ ok: true; server: TeamCommandServer } | { ok: false; message: string }> {
  const conn = await connectTeam(o.url, o.env, `ringside driver commands ${o.rollout}`);
  if (!conn.ok) {
    return { ok: false, message: conn.message };
  }
  let client = conn.client;
  // The connection ended (the server restarted, the network dropped): the next pass opens a
  // new one and LISTENs again; commands issued meanwhile are read by that pass.
  let ended = false;
  const watchEnd = (c: typeof client): void => {
    c.on('end', () => {
      if (c === client) {
        ended = true;
      }
    });
  };
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  let queued = false;
  let broken = false;

  const decide = async (row: OpenTeamCommand): Promise<void> => {
    if (!(await claimTeamCommand(client, row.id, o.epoch))) {
      return;
    }
    const outcome = await decideClaimed(client, row, o.engine);
    await answerTeamCommand(client, row.id, o.epoch, outcome);
  };
  const pass = async (): Promise<void> => {
    queued = false;
    if (stopped) {
      return;
    }
    try {
      if (ended) {
        await reconnect();
      }
      for (const row of await openTeamCommands(client, o.rollout)) {
        if (stopped) {
          return;
        }
        await decide(row);
      }
      broken = false;
    } catch (e) {
      if (!broken) {
        broken = true;
        o.warn(
          `commands from other desks: ${e instanceof ConnectFailed ? e.message : describePgError(e, o.url)}; retrying`,
        );
      }
    }
  };
  const wake = (): void => {
    if (stopped || queued) {
      return;
    }
    queued = true;
    busy = busy.then(pass);
  };
  const onNotification = (n: { channel: string; payload?: string | undefined }): void => {
    if (n.channel === COMMANDS_CHANNEL && n.payload?.startsWith(`${o.rollout} `) === true) {
      wake();
    }
  };
  const reconnect = async (): Promise<void> => {
    const next = await connectTeam(o.url, o.env, `ringside driver commands ${o.rollout}`);
    if (!next.ok) {
      throw new ConnectFailed(next.message);
    }
    try {
      next.client.on('notification', onNotification);
      await next.client.query(`LISTEN ${COMMANDS_CHANNEL}`);
    } catch (e) {
      await next.client.end().catch(() => undefined);
      throw e;
    }
    const old = client;
    client = next.client;
    ended = false;
    watchEnd(client);
    await old.end().catch(() => undefined);
    o.warn('commands from other desks: connected again');
  };
  client.on('notification', onNotification);
  watchEnd(client);
  try {
    await client.query(`LISTEN ${COMMANDS_CHANNEL}`);
  } catch (e) {
    await client.end().catch(() => undefined);
    return { ok: false, message: describePgError(e, o.url) };
  }
  const recheck = setInterval(wake, o.recheckMs ?? 5_000);
  recheck.unref();
  // Commands issued before LISTEN are not notified again.
  wake();
  return {
    ok: true,
    server: {
      async stop() {
        stopped = true;
        clearInterval(recheck);
        await busy;
        await client.end().catch(() => undefined);
      },
    },
  };
}

/**
 * The engine's decision on a claimed command, in the name of its issuer. A command the
 * database would refuse on a rule of rights is refused before the engine decides it (the
 * engine's state must never run ahead of what the database accepts).
 */
async function decideClaimed(
  client: import('pg').ClientBase,
  row: OpenTeamCommand,
  engine: RolloutEngine,
): Promise<CommandOutcome> {
  const parsed = parseOperatorCommand(row.command);
  if (typeof parsed === 'string') {
    return { ok: false, reason: teamCommandRefusedWords(row.id, parsed) };
  }
  if (parsed.kind === 'start') {
    return {
      ok: false,
      reason: teamCommandRefusedWords(row.id, 'a running rollout cannot be started again'),
    };
  }
  if (parsed.kind === 'approvePromotion') {
    const r = await client.query<{ may: boolean }>(
      "SELECT pg_has_role($1, 'ringside_approver', 'USAGE') AS may",
      [row.issuedBy],
    );
    if (r.rows[0]?.may !== true) {
      return {
        ok: false,
        reason: `the database login "${row.issuedBy}" may not approve promotions (approving needs the role ringside_approver)`,
      };
    }
  }
  const as = { ...parsed, by: row.issuedBy };
  return engine.command(toEngineCommand(as), as.stamp);
}
