/**
 * Two-person (N-person) promotion: a ring whose plan says `promotion: { approvals: N }` is
 * promoted only once N distinct people approved it. Pure helpers over the state; the
 * decisions are in decide-promotion.ts.
 *
 * What counts: each person once per ring (a second approval by the same name is refused,
 * and a journal holding one anyway counts it once). When promoting needs an override (bake
 * not elapsed, gates not passing, the ring halted), only approvals given with an override
 * reason count: an approval of a healthy ring is not an approval to ignore its gates.
 */
import type { RingPlan } from '../model/plan';
import type { RingApproval, RingState } from './state';

/** Distinct approvers `ring` needs (journals from before approvals: 1). */
export function approvalsNeeded(ring: Pick<RingPlan, 'approvals'>): number {
  const n = ring.approvals;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

/** True when the ring's promotion waits for approvals of more than one person. */
export function needsApprovals(ring: Pick<RingState, 'approvalsNeeded'>): boolean {
  return ring.approvalsNeeded > 1;
}

/**
 * The approvals that count toward promoting `ring` now, one per person (the first of each),
 * in the order given. `overriding`: the promotion needs an override.
 */
export function countedApprovals(
  ring: Pick<RingState, 'approvals'>,
  overriding: boolean,
): RingApproval[] {
  const seen = new Set<string>();
  const out: RingApproval[] = [];
  for (const a of ring.approvals) {
    if (seen.has(a.by) || (overriding && a.override === null)) {
      continue;
    }
    seen.add(a.by);
    out.push(a);
  }
  return out;
}

/** The approval `by` already gave for this ring, if any. */
export function approvalBy(ring: Pick<RingState, 'approvals'>, by: string): RingApproval | null {
  return ring.approvals.find((a) => a.by === by) ?? null;
}

/** How many more distinct approvals the ring needs now (0 when enough). */
export function approvalsMissing(
  ring: Pick<RingState, 'approvals' | 'approvalsNeeded'>,
  overriding: boolean,
): number {
  return Math.max(0, ring.approvalsNeeded - countedApprovals(ring, overriding).length);
}
