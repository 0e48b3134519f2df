import type { RolloutState } from '../core/rollout';
import type { GateScheduler } from './engine-gates';
import type { RunOptions, RunOutcome } from './engine-types';

/**
 * Whether `run` may return this outcome now. Waiting for promotion: not before one gate
 * round that started at or after bake end has finished (the ring's final reading, so the
 * person deciding sees gates as they were when the bake ended). With watchWhileWaiting:
 * only terminal outcomes return; waiting ones keep the gates watched until a person acts.
 */
export function mayReturn(
  outcome: RunOutcome,
  opts: RunOptions,
  s: RolloutState,
  gates: Pick<GateScheduler, 'watching' | 'roundsSince'>,
): boolean {
  if (opts.watchWhileWaiting === true) {
    switch (outcome.kind) {
      case 'waiting-promotion':
      case 'paused':
      case 'waiting-operator':
        return false;
      case 'finished':
      case 'halted':
      case 'aborted':
      case 'rolled-back':
      case 'ring-done':
      case 'closed':
        return true;
      default: {
        const never: never = outcome;
        return never;
      }
    }
  }
  if (outcome.kind !== 'waiting-promotion') {
    return true;
  }
  const bakeEndsAt = s.rings[s.currentRing]?.bakeEndsAt ?? null;
  return bakeEndsAt === null || !gates.watching || gates.roundsSince(bakeEndsAt) > 0;
}
