/**
 * In-process rollouts on the simulated fleet, wired as `ringside run --sim` wires them: the
 * rehearsal's executor and the production gate monitor (`monitorForPlan`) over its metrics
 * endpoints. For tests that drive the engine directly rather than through the CLI.
 */
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import { openRollout, type RolloutEngine } from '../../src-main/runtime';
import type { Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';

/** Builds an inline plan; a plan error is a bug in the test, thrown with its positions. */
export function planOrThrow(text: string, file: string): BuiltPlan {
  const b = planFromText(text, file);
  if (!b.ok) {
    throw new Error(b.error.map((e) => `${e.line}:${e.col} ${e.message}`).join('; '));
  }
  return b.value;
}

/** Opens (creates or resumes) the rollout in `journalDir` on the rehearsal's fleet. */
export async function openSimRollout(
  built: BuiltPlan,
  rehearsal: Rehearsal,
  journalDir: string,
): Promise<RolloutEngine> {
  const runPlan = { ...built.plan, hosts: rehearsal.plan.hosts };
  const opened = await openRollout({
    plan: runPlan,
    journalPath: journalDir,
    executor: rehearsal.executor,
    gateMonitor: monitorForPlan(built, {
      aws: null,
      sim: rehearsal.fleet,
      plan: runPlan,
      clock: Date.now,
    }),
    gateIntervalMs: 1000,
    by: 'tester',
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  return opened.value;
}
