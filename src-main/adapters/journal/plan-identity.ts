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
  currentHosts?: readonly PlanHostView[],
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
      message: `${where} belongs to plan ${found}, not to this plan ${expected}${hostChanges(records, currentHosts)}; use a new journal for a changed plan`,
    };
  }
  return { ok: true };
}

/** The fields of a plan host that say where Ringside connects. */
export interface PlanHostView {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user?: string;
}

/**
 * `: hosts resolve differently today: ...` when the journal's plan snapshot (its first event)
 * and today's reading of the inventories disagree on hosts, so a changed inventory reading
 * (a parser that now reads `db-[a:f]` as six hosts) is named, never switched to silently.
 */
function hostChanges(
  records: readonly JournalRecord<JournalEvent>[],
  current: readonly PlanHostView[] | undefined,
): string {
  const first = records[0]?.event as (JournalEvent & { plan?: { hosts?: unknown } }) | undefined;
  const then = first?.plan?.hosts;
  if (current === undefined || !Array.isArray(then)) {
    return '';
  }
  const key = (h: PlanHostView) => `${h.user ?? ''}@${h.address}:${h.port}`;
  const before = new Map((then as PlanHostView[]).map((h) => [h.name, h]));
  const now = new Map(current.map((h) => [h.name, h]));
  const added = [...now.keys()].filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !now.has(n));
  const changed = [...now.values()]
    .filter((h) => {
      const b = before.get(h.name);
      return b !== undefined && key(b) !== key(h);
    })
    .map((h) => `${h.name} (${key(before.get(h.name) as PlanHostView)} -> ${key(h)})`);
  const list = (what: string, names: string[]) =>
    names.length === 0
      ? []
      : [
          `${what} ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` (+${names.length - 5} more)` : ''}`,
        ];
  const parts = [...list('added', added), ...list('removed', removed), ...list('changed', changed)];
  return parts.length === 0 ? '' : ` (hosts resolve differently today: ${parts.join('; ')})`;
}
