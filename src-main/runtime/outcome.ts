import {
  approvalsMissing,
  needsApprovals,
  nextWork,
  passphraseWaitWords,
  waitsForPerson,
  type RingState,
  type RolloutState,
} from '../core/rollout';

/** Approvals a waiting ring's promotion still needs (0 when it needs none). */
export function missingApprovals(ring: RingState): number {
  return needsApprovals(ring) ? approvalsMissing(ring, false) : 0;
}
import type { RunOptions, RunOutcome } from './engine-types';

/**
 * Whether `run` should return now, and with what. Called only when no step is running, so
 * every outcome means "nothing moves until a person acts" (or the bake timer fires: null).
 *
 * @param startRing the ring active when `run` was called (for `until: 'ring'`).
 */
export function settledOutcome(
  s: RolloutState,
  opts: RunOptions,
  startRing: number,
  now: number,
): RunOutcome | null {
  const ring = s.rings[s.currentRing];
  const lastAction = s.actions[s.actions.length - 1];
  switch (s.status) {
    case 'completed':
      return { kind: 'finished' };
    case 'halted':
      return {
        kind: 'halted',
        ring: ring?.name ?? '?',
        reason: ring?.halt?.reason ?? 'no reason recorded',
      };
    case 'rolled-back':
      return {
        kind: 'rolled-back',
        rings: (s.rollback?.rings ?? []).map((ri) => s.rings[ri]?.name ?? '?'),
      };
    case 'aborted':
      return {
        kind: 'aborted',
        by: lastAction?.action === 'abort' ? lastAction.by : '?',
        reason: lastAction?.action === 'abort' ? lastAction.detail : '',
      };
    case 'paused': {
      const p = [...s.actions].reverse().find((a) => a.action === 'pause');
      return { kind: 'paused', by: p?.by ?? 'ringside', reason: p?.detail ?? '' };
    }
    case 'waiting-promotion':
      if (opts.until === 'ring' || !opts.autoPromote) {
        return {
          kind: 'waiting-promotion',
          ring: ring?.name ?? '?',
          why: null,
          approvalsMissing: ring ? missingApprovals(ring) : 0,
        };
      }
      return null; // the loop tries to promote and decides then
    case 'running':
    case 'rolling-back':
      if (opts.until === 'ring' && s.currentRing > startRing && s.status === 'running') {
        return { kind: 'ring-done', ring: s.rings[startRing]?.name ?? '?' };
      }
      if (nextWork(s, now).length === 0) {
        const stuck = Object.values(s.hosts).filter(
          (h) => waitsForPerson(h) || h.status === 'in-doubt',
        );
        if (stuck.length > 0) {
          return {
            kind: 'waiting-operator',
            hosts: stuck.map((h) => h.name),
            why: stuck
              .slice(0, 3)
              .map((h) =>
                h.status === 'needs-approval'
                  ? `${h.name} needs approval of host key ${h.fingerprint ?? '?'}`
                  : h.status === 'needs-passphrase'
                    ? `${h.name} is ${passphraseWaitWords(h.passphraseKey)}`
                    : `${h.name} is in doubt about ${h.inDoubt?.step ?? '?'} and no verify step can settle it`,
              )
              .join('; '),
          };
        }
      }
      return null;
    case 'baking':
      return null;
    case 'new':
    case 'created':
      return null;
    default: {
      const never: never = s.status;
      return never;
    }
  }
}
