/**
 * The issuing side of the commands table (shared by the control verbs and the team console):
 * a command for a team journal whose rollout has
 * a live driver inserts its command (the stamp id is the row's id, so a retry is the same
 * command) and waits for the driver's answer, woken by LISTEN (a slow re-read covers a lost
 * notification). With no answer in time the command is withdrawn in the database, atomically
 * with respect to the driver's claim, so it can never be carried out later: the answer the
 * person reads ("withdrawn") is the truth for good.
 */
import {
  ANSWERS_CHANNEL,
  connectTeam,
  databaseLogin,
  describePgError,
  insertTeamCommand,
  readTeamAnswer,
  withdrawTeamCommand,
  type TeamUrl,
} from '../adapters/journal-pg';
import type { CommandOutcome } from '../core/commands';
import { commandNotAllowedWords, noDriverAnsweredWords } from '../core/words';
import type { RolloutOperatorCommand } from './operator-command';

/** How a command sent to a live driver ended. */
export type TeamSendResult =
  | { readonly kind: 'answered'; readonly outcome: CommandOutcome }
  /** No answer in time: withdrawn, it never runs. */
  | { readonly kind: 'withdrawn'; readonly message: string }
  /** The database refused the insert (a role without rights) or could not be reached. */
  | { readonly kind: 'failed'; readonly message: string };

/** How long the issuer keeps trying to withdraw a command a live driver has claimed. */
const CLAIMED_PATIENCE_MS = 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Sends `command` to the live driver of `url`'s rollout and waits up to `timeoutMs` for
 * its answer; then withdraws it.
 */
export async function sendTeamCommand(
  url: TeamUrl & { readonly rollout: string },
  env: Readonly<Record<string, string | undefined>>,
  command: RolloutOperatorCommand,
  timeoutMs: number,
  recheckMs = 1_000,
): Promise<TeamSendResult> {
  const conn = await connectTeam(url, env, `ringside command ${url.rollout}`);
  if (!conn.ok) {
    return { kind: 'failed', message: conn.message };
  }
  const client = conn.client;
  let wake: () => void = () => undefined;
  const id = command.stamp.id;
  client.on('notification', (n) => {
    if (n.channel === ANSWERS_CHANNEL && n.payload === id) {
      wake();
    }
  });
  try {
    const login = await databaseLogin(client);
    await client.query(`LISTEN ${ANSWERS_CHANNEL}`);
    try {
      // The person is the login: the stored command says so too (the database forces issued_by).
      if (!(await insertTeamCommand(client, url.rollout, id, { ...command, by: login }))) {
        return {
          kind: 'failed',
          message: `command ${id} is another login's or another rollout's command; nothing was sent`,
        };
      }
    } catch (e) {
      if ((e as { code?: string } | null)?.code === '42501') {
        return { kind: 'failed', message: commandNotAllowedWords(login, url.rollout) };
      }
      throw e;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await readTeamAnswer(client, id);
      if (answer !== null) {
        return answer.withdrawn
          ? { kind: 'withdrawn', message: answerReason(answer.outcome) }
          : { kind: 'answered', outcome: answer.outcome };
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        break;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, recheckMs));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const words = noDriverAnsweredWords(url.rollout, Math.round(timeoutMs / 1000));
    const patience = Date.now() + CLAIMED_PATIENCE_MS;
    for (;;) {
      const w = await withdrawTeamCommand(client, id, words);
      if (w === 'withdrawn') {
        return { kind: 'withdrawn', message: words };
      }
      if (w === 'answered') {
        const answer = await readTeamAnswer(client, id);
        if (answer !== null) {
          return answer.withdrawn
            ? { kind: 'withdrawn', message: answerReason(answer.outcome) }
            : { kind: 'answered', outcome: answer.outcome };
        }
      }
      if (Date.now() > patience) {
        return {
          kind: 'failed',
          message: `the live driver of rollout ${url.rollout} claimed command ${id} and has not answered in ${Math.round((timeoutMs + CLAIMED_PATIENCE_MS) / 1000)} s; ringside status shows whether it ran`,
        };
      }
      // Claimed by the live driver: its answer (or its lease's expiry) is moments away.
      await sleep(200);
    }
  } catch (e) {
    return { kind: 'failed', message: describePgError(e, url) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function answerReason(o: CommandOutcome): string {
  return o.ok ? 'accepted' : o.reason;
}
