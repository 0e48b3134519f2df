/**
 * Promotion and its approvals. `promote` moves the active ring on (or accepts the last);
 * `approvePromotion` journals one person's approval of a ring whose plan asks for N, and
 * promotes it once N distinct people approved (see approvals.ts for what counts).
 */
import type { OperatorCommand } from './commands';
import type { Refusal } from './decide-operator';
import { Batch, gatesNotPassing, platformGatesNotPassing } from './rules';
import type { RingState, RolloutState } from './state';
import { approvalBy, countedApprovals, needsApprovals } from './approvals';
import { rolloutStatusWord } from '../words/state-words';
import { clockTime } from '../words/clock-time';
import {
  APPROVE_PROMOTION_HINT,
  approvalWords,
  approvalsCountWords,
} from '../words/approval-words';
import { formatDuration } from '../duration';

/** The ring a promotion would move on, or a refusal saying why nothing can be promoted. */
function promotable(b: Batch, verb: string): RingState | Refusal {
  const s = b.state;
  const ring = s.rings[s.currentRing];
  if (!ring || !['baking', 'waiting-promotion', 'halted'].includes(s.status)) {
    return s.status === 'paused'
      ? `the rollout is paused: resume it before ${verb}`
      : `nothing to promote: the rollout is ${rolloutStatusWord(s.status)}`;
  }
  if (ring.domains.some((d) => d.status !== 'completed')) {
    if (s.status === 'halted') {
      return `ring ${ring.name} was halted before all its update domains finished: roll it back, or abort`;
    }
    return `ring ${ring.name} is still deploying (${ring.done + ring.failed} of ${ring.total} hosts finished)`;
  }
  return ring;
}

/** Why promoting `ring` now needs an override (empty: it does not). */
function overrideReasons(b: Batch, ring: RingState): string[] {
  return promotionOverrideReasons(b.state, ring, b.now);
}

/**
 * Why promoting `ring` (the active ring of `s`) at `now` needs an override: halted, bake not
 * elapsed, gates or platform gates not passing. Empty when it does not.
 */
export function promotionOverrideReasons(s: RolloutState, ring: RingState, now: number): string[] {
  const why: string[] = [];
  if (s.status === 'halted') {
    why.push(`ring ${ring.name} was halted: ${ring.halt?.reason ?? 'no reason recorded'}`);
  }
  if (!ring.bakeElapsed) {
    why.push(
      ring.bakeEndsAt === null
        ? 'its bake never started'
        : `its bake has not elapsed (${formatDuration(Math.max(0, ring.bakeEndsAt - now))} left, until ${clockTime(ring.bakeEndsAt)} UTC)`,
    );
  }
  const failing = gatesNotPassing(ring);
  if (failing.length > 0) {
    why.push(`gates not passing: ${failing.join(', ')}`);
  }
  const platform = platformGatesNotPassing(s);
  if (platform.length > 0) {
    why.push(`platform gates not passing: ${platform.join(', ')}`);
  }
  return why;
}

/** Journals the promotion of `ring` (and the start of the next ring, or the completion). */
function emitPromoted(
  b: Batch,
  ring: RingState,
  by: string,
  note: string | undefined,
  override: string | null,
  approvedBy: readonly string[] | null,
): void {
  const s = b.state;
  const next = s.rings[s.currentRing + 1];
  b.emit({
    type: 'Promoted',
    at: b.now,
    ring: ring.name,
    next: next?.name ?? null,
    by,
    ...(note ? { note } : {}),
    ...(override !== null ? { override: { reason: override } } : {}),
    ...(approvedBy !== null ? { approvedBy } : {}),
  });
  if (next) {
    b.emit({ type: 'RingStarted', at: b.now, ring: next.name });
  } else {
    b.emit({ type: 'RolloutCompleted', at: b.now });
  }
}

/** Promote the active ring: refused while approvals it needs are missing. */
export function promote(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'promote' }>,
): Refusal | undefined {
  const ring = promotable(b, 'promoting');
  if (typeof ring === 'string') {
    return ring;
  }
  const why = overrideReasons(b, ring);
  const override = c.override?.reason.trim();
  if (why.length > 0 && !override) {
    return `cannot promote ring ${ring.name}: ${why.join('; ')}. An override with a written reason is needed`;
  }
  const overriding = why.length > 0;
  if (needsApprovals(ring)) {
    const counted = countedApprovals(ring, overriding);
    if (counted.length < ring.approvalsNeeded) {
      return `cannot promote ring ${ring.name}: it ${approvalsCountWords(ring.approvalsNeeded, counted)}${overriding ? ' given with an override reason' : ''}; ${APPROVE_PROMOTION_HINT}`;
    }
    emitPromoted(
      b,
      ring,
      c.by,
      c.note,
      overriding ? (override ?? null) : null,
      counted.map((a) => a.by),
    );
    return undefined;
  }
  emitPromoted(b, ring, c.by, c.note, overriding ? (override ?? null) : null, null);
  return undefined;
}

/**
 * One person approves promoting the active ring. Refused when the ring needs no approvals,
 * when this person already approved it, or when promoting would need an override and the
 * approval gives no reason. The approval that completes the count promotes the ring.
 */
export function approvePromotion(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'approvePromotion' }>,
): Refusal | undefined {
  const ring = promotable(b, 'approving a promotion');
  if (typeof ring === 'string') {
    return ring;
  }
  if (c.ring !== undefined && c.ring !== ring.name) {
    return `ring ${c.ring} is not the ring waiting for promotion (ring ${ring.name} is)`;
  }
  if (!needsApprovals(ring)) {
    return `ring ${ring.name} needs no approvals: promote it (ringside promote JOURNAL)`;
  }
  const earlier = approvalBy(ring, c.by);
  if (earlier !== null) {
    return `${c.by} already approved the promotion of ring ${ring.name} (${approvalWords(earlier)}); the next approval must come from someone else`;
  }
  const why = overrideReasons(b, ring);
  const override = c.override?.reason.trim();
  if (why.length > 0 && !override) {
    return `cannot approve promoting ring ${ring.name}: ${why.join('; ')}. An approval with an override reason is needed`;
  }
  const overriding = why.length > 0;
  const approval = { by: c.by, at: b.now, override: override ?? null };
  const counted = countedApprovals({ approvals: [...ring.approvals, approval] }, overriding);
  b.emit({
    type: 'PromotionApproved',
    at: b.now,
    ring: ring.name,
    by: c.by,
    ...(override ? { override: { reason: override } } : {}),
    counted: counted.length,
    needed: ring.approvalsNeeded,
  });
  const after = b.state.rings[b.state.currentRing] ?? ring;
  if (counted.length >= after.approvalsNeeded) {
    emitPromoted(
      b,
      after,
      c.by,
      c.note,
      overriding ? (override ?? null) : null,
      counted.map((a) => a.by),
    );
  }
  return undefined;
}
