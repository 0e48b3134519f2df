/**
 * The last leg of every verb that moves a rollout (promote, pause, approve, resolve, ...):
 * report what journaling the command directly did, or, when a live run holds the journal's
 * lock, hand the command to that run's inbox and report its answer. One place, so every
 * such verb prints the same lines and exits with the same codes.
 */
import type { JournalPaths } from '../adapters/journal';
import type { DirectResult } from '../runtime/direct-command';
import { sendToInbox } from './inbox';
import type { RolloutOperatorCommand } from '../runtime/operator-command';
import { Exit, type CliIo } from './args';

/**
 * Turns the outcome of a direct attempt into output and an exit code; on `locked`, sends
 * `command` to the run holding `paths` and reports its answer instead.
 * `verb` names the verb in error lines; `subject` starts the success line (`promote`,
 * `approve web-3`).
 */
export async function deliverCommand(
  verb: string,
  subject: string,
  command: RolloutOperatorCommand,
  paths: JournalPaths,
  direct: DirectResult,
  io: CliIo,
  timeoutMs?: number,
): Promise<number> {
  switch (direct.kind) {
    case 'accepted':
      io.out(`${subject}: accepted (journaled in ${paths.file})`);
      return Exit.ok;
    case 'refused':
      io.err(`ringside ${verb}: refused: ${direct.reason}`);
      return Exit.badInput;
    case 'bad-journal':
      io.err(`ringside ${verb}: ${direct.message}`);
      return Exit.badInput;
    case 'locked': {
      const answer = await sendToInbox(paths.dir, command, timeoutMs);
      if (answer.ok) {
        io.out(`${subject}: accepted by the running rollout (${paths.dir})`);
        return Exit.ok;
      }
      if ('noAnswer' in answer) {
        io.err(`ringside ${verb}: ${answer.reason} (${direct.message})`);
        return Exit.internal;
      }
      io.err(`ringside ${verb}: refused: ${answer.reason}`);
      return Exit.badInput;
    }
    default: {
      const never: never = direct;
      return never;
    }
  }
}
