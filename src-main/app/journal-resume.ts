/**
 * Finds the rollout a console restart should pick up again: the newest journal under the
 * journal root that belongs to the open workspace and whose rollout has not finished
 * (completed, rolled back or aborted). Quitting or crashing mid-rollout then loses nothing:
 * the facade re-opens that journal with the engine, which journals `recover` (steps whose end
 * was lost are in doubt and get verified) and drives the rollout on.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import { isTerminal, type RolloutEvent, type RolloutState } from '../core/rollout';
import { JOURNAL_FILE_NAME } from '../adapters/journal';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import { planVariant } from './plan-variant';

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
 * Scans `journalRoot` newest first (directory names start with an ISO timestamp) and
 * returns the first journal of this workspace whose rollout is unfinished; null when none.
 * Journals that cannot be read are skipped with a line to `log` naming the file: a damaged
 * journal is never resumed silently, and never stops the console from opening.
 */
export async function findUnfinishedRollout(
  journalRoot: string,
  planOf: PlanOfJournal,
  log: (line: string) => void,
): Promise<UnfinishedRollout | null> {
  const names = await readdir(journalRoot, { withFileTypes: true }).catch(() => []);
  const dirs = names
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .reverse();
  for (const name of dirs) {
    const journalPath = path.join(journalRoot, name);
    const file = path.join(journalPath, JOURNAL_FILE_NAME);
    if (!existsSync(file)) {
      continue; // not a journal directory, or a rollout that never wrote its first event
    }
    const loaded = await loadRolloutEvents(journalPath);
    if (!loaded.ok) {
      log(`journal not resumed: ${loaded.error.message}`);
      continue;
    }
    const { events, state } = loaded;
    const created = events[0];
    if (created?.type !== 'RolloutCreated') {
      continue;
    }
    const plan = planOf(created.plan, created.planHash);
    if (plan === null) {
      continue;
    }
    if (isTerminal(state.status)) {
      continue;
    }
    return { journalPath, plan, events, state };
  }
  return null;
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
