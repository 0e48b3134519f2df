/**
 * `ringside status URL --follow`: after the status, every new event of a team rollout as
 * the driver commits it (LISTEN/NOTIFY, no polling), one line each, until the rollout
 * settles (completed, aborted, rolled back) or Ctrl-C.
 */
import { followRollout, parseTeamUrl } from '../adapters/journal-pg';
import {
  evolve,
  isTerminal,
  parseRolloutEvent,
  type RolloutEvent,
  type RolloutState,
} from '../core/rollout';
import { describeEvent } from '../core/rollout/status-view';
import { rolloutStatusWord } from '../core/words';
import { Exit, type CliIo } from './args';

/** Follows from `head`; resolves with the exit code. */
export async function followStatus(
  journal: string,
  start: RolloutState,
  head: { readonly seq: number; readonly hash: string },
  io: CliIo,
): Promise<number> {
  const url = parseTeamUrl(journal);
  if (typeof url === 'string' || url.rollout === null) {
    io.err(`ringside status: ${typeof url === 'string' ? url : `${url.shown}: no ?rollout=`}`);
    return Exit.badInput;
  }
  if (isTerminal(start.status)) {
    io.out(`the rollout is ${rolloutStatusWord(start.status)}: nothing more will happen to follow`);
    return Exit.ok;
  }
  let state = start;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const started = await followRollout<RolloutEvent>(url, {
    onSamples: null,
    env: io.env,
    rollout: url.rollout,
    after: head,
    parseEvent: parseRolloutEvent,
    onRecords: (records) => {
      for (const r of records) {
        state = evolve(state, r.event);
        io.out(
          `  ${r.seq} ${new Date(r.event.at).toISOString()} ${r.event.type} ${describeEvent(r.event)}`,
        );
      }
      if (isTerminal(state.status)) {
        io.out(`the rollout is ${rolloutStatusWord(state.status)}`);
        finish(Exit.ok);
      }
    },
    onError: (line) => {
      io.err(`ringside status: ${line}`);
      finish(Exit.internal);
    },
  });
  if (!started.ok) {
    io.err(`ringside status: ${started.message}`);
    return Exit.badInput;
  }
  io.out('following (each event as the driver commits it; Ctrl-C stops):');
  const stop = (): void => finish(Exit.ok);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await started.follow.stop();
  }
}
