/**
 * The Comment a rollout step's SendCommand carries: derived only from what HostStepStarted
 * journaled before the send (rollout, phase, step, attempt), so a resumed rollout can compute
 * it again and find the command among the instance's invocations. SSM allows 100 characters;
 * the hash keeps two steps with long, similar names apart.
 */
import { createHash } from 'node:crypto';
import type { StepToken } from '../ssh/types';

/** SSM's limit on a command's Comment. */
export const COMMENT_MAX = 100;

/** `ringside <phase>:<step> #<attempt> <hash>`, at most 100 characters. */
export function stepComment(t: StepToken): string {
  const hash = createHash('sha256')
    .update(`${t.rollout}\n${t.phase}\n${t.step}\n${t.attempt}`)
    .digest('hex')
    .slice(0, 16);
  const tail = ` #${t.attempt} ${hash}`;
  const head = `ringside ${t.phase}:`;
  const room = COMMENT_MAX - head.length - tail.length;
  return `${head}${t.step.slice(0, Math.max(0, room))}${tail}`;
}
