import type { JournalEvent, JournalRecord } from './record';

export type PlanIdentityResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** One line naming both hashes. */
      readonly message: string;
      /** The journal's plan hash, or null when its first event carries none. */
      readonly found: string | null;
    };

/**
 * The plan hash a journal belongs to: its first event's `planHash`, or `plan.planHash` when
 * the event carries the whole resolved plan (RolloutCreated does). Generic on purpose, so
 * the journal does not depend on the rollout core's event types.
 */
export function journalPlanHash(records: readonly JournalRecord<JournalEvent>[]): string | null {
  const first = records[0]?.event as
    (JournalEvent & { planHash?: unknown; plan?: { planHash?: unknown } }) | undefined;
  if (first === undefined) {
    return null;
  }
  if (typeof first.planHash === 'string') {
    return first.planHash;
  }
  const nested =
    typeof first.plan === 'object' && first.plan !== null ? first.plan.planHash : undefined;
  return typeof nested === 'string' ? nested : null;
}

/**
 * Refuses a journal written for another plan. An empty journal belongs to any plan (its
 * first append will be RolloutCreated).
 *
 * @param where named in the message (e.g. the journal path).
 */
export function expectPlanHash(
  records: readonly JournalRecord<JournalEvent>[],
  expected: string,
  where = 'journal',
): PlanIdentityResult {
  if (records.length === 0) {
    return { ok: true };
  }
  const found = journalPlanHash(records);
  if (found === null) {
    const type = records[0]?.event.type ?? '?';
    return {
      ok: false,
      found,
      message: `${where}: the first event (${type}, seq 1) carries no planHash, so it cannot be matched to plan ${expected}`,
    };
  }
  if (found !== expected) {
    return {
      ok: false,
      found,
      message: `${where} belongs to plan ${found}, not to this plan ${expected}; use a new journal for a changed plan`,
    };
  }
  return { ok: true };
}
