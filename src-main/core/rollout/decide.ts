import type { Decision, OperatorCommand, RolloutCommand } from './commands';
import { decideEngine } from './decide-engine';
import { decideOperator } from './decide-operator';
import { Batch } from './rules';
import type { RolloutState } from './state';
import { hostsInPlace, undoHosts, type HostUndo } from './writer';

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
    ? { ok: true, events: batch.events, state: batch.state }
    : { ok: false, reason: refusal };
}

/**
 * `decide` for a state whose hosts record the caller owns (the engine's): host events write
 * that record in place (O(1) each, not a copy of every host), and a refusal puts it back.
 * The decision's `state` is the caller's next state; `state` itself must not be used after.
 * The same events and the same next state as `decide` (a property test holds it to that).
 */
export function decideOwned(state: RolloutState, command: RolloutCommand, now: number): Decision {
  const undo: HostUndo = [];
  const batch = new Batch(state, now, hostsInPlace(undo));
  const refusal = isOperator(command)
    ? decideOperator(batch, command)
    : decideEngine(batch, command);
  if (refusal !== undefined) {
    undoHosts(undo);
    return { ok: false, reason: refusal };
  }
  return { ok: true, events: batch.events, state: batch.state };
}

// A record, not a list, so a new operator command that is not named here fails to compile
// (it would otherwise reach decideEngine and come back as a non-sentence).
const operatorTypes: Record<OperatorCommand['type'], true> = {
  create: true,
  start: true,
  promote: true,
  approvePromotion: true,
  pause: true,
  resume: true,
  abort: true,
  haltRing: true,
  rollback: true,
  note: true,
  approveHost: true,
  rejectHost: true,
  retryPassphrase: true,
  giveUpHost: true,
  resolveInDoubt: true,
};

function isOperator(c: RolloutCommand): c is OperatorCommand {
  return Object.hasOwn(operatorTypes, c.type);
}
