/**
 * Finds the rollout a console restart should pick up again: the newest journal under the
 * journal root that belongs to the open workspace and whose rollout has not finished
 * (completed, rolled back or aborted). Quitting or crashing mid-rollout then loses nothing:
 * the facade re-opens that journal with the engine, which journals `recover` (steps whose end
 * was lost are in doubt and get verified) and drives the rollout on.
 */
import type { RolloutPlan } from '../core/model/plan';
import { isTerminal, type RolloutEvent, type RolloutState } from '../core/rollout';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import { planVariant } from './plan-variant';
import type { JournalEntry } from './rollout-history';

/** An unfinished rollout of this workspace, ready to re-open. */
export interface UnfinishedRollout {
  /** The journal directory (what the facade hands openRollout). */
  readonly journalPath: string;
  /** The workspace's plan variant whose hash matches the journal's (current host addresses). */
  readonly plan: RolloutPlan;
  readonly events: readonly RolloutEvent[];
  readonly state: RolloutState;
}

/**
 * Rebuilds the plan of a journaled rollout from the workspace, or null when the journal is
 * not one of this workspace's rollouts (another plan, another file version).
 */
export type PlanOfJournal = (created: RolloutPlan, planHash: string) => RolloutPlan | null;

/**
 * The newest of this workspace's journals (directory names start with an ISO timestamp)
 * whose rollout is unfinished, with its events; null when none. `entries` are the
 * workspace history's (read once on open: a damaged journal was logged there and is not
 * among them), so only the journal to resume is read again. A journal that cannot be read
 * now (changed since) is logged naming the file, and not resumed silently.
 */
export async function findUnfinishedRollout(
  entries: readonly JournalEntry[],
  log: (line: string) => void,
): Promise<UnfinishedRollout | null> {
  const newest = entries
    .filter((e) => !e.finished)
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0];
  if (newest === undefined) {
    return null;
  }
  const loaded = await loadRolloutEvents(newest.journalPath);
  if (!loaded.ok) {
    log(`journal not resumed: ${loaded.error.message}`);
    return null;
  }
  if (isTerminal(loaded.state.status)) {
    return null;
  }
  return {
    journalPath: newest.journalPath,
    plan: newest.plan,
    events: loaded.events,
    state: loaded.state,
  };
}

/**
 * The bake of a journaled plan: the first ring with a bake, or undefined when no ring bakes
 * (a console started with `--bake` journals that bake on every ring that has one).
 */
export function journaledBakeMs(plan: RolloutPlan): number | undefined {
  return plan.rings.find((r) => r.bakeMs > 0)?.bakeMs;
}

/**
 * Which of the workspace's plan variants a journal was written for: the one `start` would
 * build for the journal's release and previous version, with this console's bake, the
 * plan's own, or the journal's (hashes must match, so another plan's journal never does).
 */
export function journalPlan(base: RolloutPlan, bakeMs: number | undefined): PlanOfJournal {
  return (created, planHash) => {
    for (const bake of [bakeMs, undefined, journaledBakeMs(created)]) {
      const plan = planVariant(base, {
        version: created.release.version,
        previous: created.release.previous,
        ...(bake !== undefined ? { bakeMs: bake } : {}),
      });
      if (plan.planHash === planHash) {
        return plan;
      }
    }
    return null;
  };
}
