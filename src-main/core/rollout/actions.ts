import type { OperatorCommand } from './commands';
import { decide } from './decide';
import type { RolloutState } from './state';

/** The operator buttons of the console, as the contract names them. */
export type OperatorActionId =
  | 'start'
  | 'pause'
  | 'resume'
  | 'promote'
  | 'abort'
  | 'halt'
  | 'rollbackRing'
  | 'rollbackAll'
  | 'emergencyRollback';

/** Whether a button works now, and if not, the sentence that says why. */
export interface OperatorActionView {
  readonly id: OperatorActionId;
  readonly enabled: boolean;
  readonly why: string | null;
  /** Promote only: refused as is, accepted with a written override reason. */
  readonly requiresOverride: boolean;
}

const probe: Record<OperatorActionId, OperatorCommand> = {
  start: { type: 'start', by: '?' },
  pause: { type: 'pause', by: '?', reason: '?' },
  resume: { type: 'resume', by: '?', reason: '?' },
  promote: { type: 'promote', by: '?' },
  abort: { type: 'abort', by: '?', reason: '?' },
  halt: { type: 'haltRing', by: '?', reason: '?' },
  rollbackRing: { type: 'rollback', by: '?', reason: '?', scope: 'ring' },
  rollbackAll: { type: 'rollback', by: '?', reason: '?', scope: 'all' },
  emergencyRollback: { type: 'rollback', by: '?', reason: '?', scope: 'all', emergency: true },
};

/**
 * Asks `decide` itself whether each operator command would be accepted now, so a disabled
 * button's reason is exactly the refusal the command would get (one rule, one place).
 */
export function operatorActions(state: RolloutState, now: number): OperatorActionView[] {
  return (Object.keys(probe) as OperatorActionId[]).map((id) => {
    const d = decide(state, probe[id], now);
    if (d.ok) {
      return { id, enabled: true, why: null, requiresOverride: false };
    }
    const withOverride =
      id === 'promote' &&
      decide(state, { type: 'promote', by: '?', override: { reason: '?' } }, now).ok;
    return { id, enabled: withOverride, why: d.reason, requiresOverride: withOverride };
  });
}

/** The gates the runtime should evaluate now: the active ring's, while it deploys or bakes. */
export function gatesToWatch(state: RolloutState): { ring: string; gates: string[] } | null {
  const ring = state.rings[state.currentRing];
  const live = ['running', 'baking', 'waiting-promotion', 'paused'].includes(state.status);
  if (!ring || !live || !['deploying', 'baking', 'baked', 'healthy'].includes(ring.status)) {
    return null;
  }
  return { ring: ring.name, gates: Object.keys(ring.gates) };
}
