/**
 * The CLI's half of core/commands: a control verb builds the command the person typed,
 * stamps it at this moment (a fresh id, a deadline 30 s on) and parses it with the one
 * schema every entry point uses, so a bad field is a usage error naming it.
 */
import { randomUUID } from 'node:crypto';
import { parseOperatorCommand, stampCommand } from '../core/commands';
import type { RolloutOperatorCommand } from '../runtime/operator-command';
import { UsageError } from './args';

/** The stamped, validated command for `ringside VERB`; a bad field throws a UsageError. */
export function issueCommand(
  verb: string,
  body: Record<string, unknown>,
  now: number = Date.now(),
): RolloutOperatorCommand {
  const parsed = parseOperatorCommand({ ...body, stamp: stampCommand(randomUUID(), now) });
  if (typeof parsed === 'string') {
    throw new UsageError(`ringside ${verb}: ${parsed}`);
  }
  if (parsed.kind === 'start') {
    throw new UsageError(`ringside ${verb}: start a rollout with ringside run`);
  }
  return parsed;
}
