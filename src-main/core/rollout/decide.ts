import type { Decision, RolloutCommand } from './commands';
import { decideEngine } from './decide-engine';
import { decideOperator } from './decide-operator';
import { Batch } from './rules';
import type { RolloutState } from './state';

/**
 * Decides what a command means for the rollout: the events to journal (in order, each
 * stamped `at: now`), or a refusal with a sentence a person understands. Pure; never throws
 * for a bad command; a refused command yields no events.
 */
export function decide(state: RolloutState, command: RolloutCommand, now: number): Decision {
  const batch = new Batch(state, now);
  const refusal = isOperator(command)
    ? decideOperator(batch, command)
    : decideEngine(batch, command);
  return refusal === undefined
    ? { ok: true, events: batch.events }
    : { ok: false, reason: refusal };
}

const operatorTypes = new Set<RolloutCommand['type']>([
  'create',
  'start',
  'promote',
  'pause',
  'resume',
  'abort',
  'rollback',
  'note',
  'approveHost',
  'rejectHost',
  'resolveInDoubt',
]);

function isOperator(c: RolloutCommand): c is Extract<RolloutCommand, { by: string }> {
  return operatorTypes.has(c.type);
}
