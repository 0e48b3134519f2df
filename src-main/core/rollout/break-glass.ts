/**
 * Break-glass: what a driver may still do when its team database is unreachable. Stopping
 * is always safe, so the events of stopping (pause, halt, abort, rollback and its steps) and
 * the results of steps already running may be kept in a local spill file and acted on at
 * once; anything that starts new forward work (a ring, a domain, a deploy step, a promotion,
 * a resume) waits for the database. Pure: the journal and the engine ask these.
 */
import type { RolloutEvent } from './event';

/** Events a person's break-glass command journals; one of them opens a spill. */
export const breakGlassEventTypes = ['Paused', 'RingHalted', 'Aborted', 'RollbackStarted'] as const;

/** True when `e` is the journal entry of stopping the rollout (it may open a spill). */
export function isBreakGlassEvent(e: { readonly type: string }): boolean {
  return (breakGlassEventTypes as readonly string[]).includes(e.type);
}

const forward: readonly string[] = [
  'RolloutStarted',
  'RingStarted',
  'DomainStarted',
  'Promoted',
  'PromotionApproved',
  'Resumed',
];

/**
 * True when `e` starts new forward work: such an event is never made durable by a spill
 * file alone (no new host starts while the database is down).
 */
export function startsForwardWork(e: RolloutEvent | { readonly type: string }): boolean {
  if (e.type === 'HostStepStarted') {
    return (e as { phase?: string }).phase !== 'rollback';
  }
  return forward.includes(e.type);
}
