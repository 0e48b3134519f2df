import type { RolloutPlan } from '../core/model/plan';
import type { BuiltPlan } from '../core/plan/build';
import type { GateMonitor } from './gate-monitor';

/**
 * The gate monitor for a plan's `telemetry` and `gates` sections, as `ringside run` wires
 * it. Null while no telemetry source is wired: the engine then reports every gate
 * inconclusive (fail closed). The telemetry adapters plug in HERE.
 *
 * @param plan the plan as it will run (under --sim: hosts re-pointed at the simulator).
 */
export function planGateMonitor(built: BuiltPlan, plan: RolloutPlan): GateMonitor | null {
  void built;
  void plan;
  return null;
}
