/**
 * The app facade (see create-app.ts): one implementation of the console contract for every
 * entry point, the embedded demo workspace, and the pure projection into the view model.
 */
export {
  createRingsideApp,
  memorySettings,
  type RingsideApp,
  type RingsideAppOptions,
  type SettingsPort,
} from './create-app';
export { DEMO_BAD_RELEASE, DEMO_GOOD_RELEASE, type DemoOptions } from './demo-workspace';
export { DEMO_PLAN_YAML } from './demo-plan-text';
export { projectSnapshot, type ProjectionInput } from '../core/projection/project-snapshot';
export {
  chartRing,
  noTelemetry,
  type RolloutTelemetry,
  type TelemetryContext,
  type TelemetryFactory,
} from './telemetry-port';
