/**
 * The runtime: the rollout engine that drives the pure core against real hosts, and the
 * ports it depends on (GateMonitor). See engine.ts for the loop.
 */
export { openRollout } from './open-rollout';
export type {
  CommandResult,
  EngineEvent,
  EngineOperatorCommand,
  OpenRolloutError,
  OpenRolloutOptions,
  RolloutEngine,
  RunOptions,
  RunOutcome,
} from './engine-types';
export {
  noTelemetryMonitor,
  type GateEvaluationInput,
  type GateMonitor,
  type GateReading,
} from './gate-monitor';
export { startRehearsal, unsimulatableSteps, type Rehearsal } from './sim-rehearsal';
export { toEngineCommand, type RolloutOperatorCommand } from './operator-command';
export { applyDirect, type DirectResult } from './direct-command';
export { approveHostDirect } from './engine-approve-direct';
export { GATE_ROUNDS_AFTER_BAKE } from './engine-operator';
export { preflight } from './preflight';
