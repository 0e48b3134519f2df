import type { RolloutPlan } from '../core/model/plan';
import type { BuiltPlan } from '../core/plan/build';
import type { SshExecutor } from '../adapters/ssh';
import { monitorForPlan, type SimMetricsEndpoints } from './telemetry/monitor-for-plan';

/**
 * The gate monitor for a plan's `telemetry` and `gates` sections, as `ringside run` wires
 * it: the telemetry monitor (runtime/telemetry). Null when the plan has no gates: the
 * engine then has nothing to evaluate.
 *
 * @param plan the plan as it will run (under --sim: hosts re-pointed at the simulator).
 * @param wiring under --sim the simulated fleet (its metrics endpoints serve the plan's
 *   scrape source); the executor runs SSH probes.
 */
export function planGateMonitor(
  built: BuiltPlan,
  plan: RolloutPlan,
  wiring: {
    readonly sim?: SimMetricsEndpoints;
    readonly executor?: SshExecutor;
    readonly env?: Readonly<Record<string, string | undefined>>;
  } = {},
): ReturnType<typeof monitorForPlan> | null {
  if ((built.document.gates ?? []).length === 0) {
    return null;
  }
  return monitorForPlan(built, { plan, clock: Date.now, ...wiring });
}
