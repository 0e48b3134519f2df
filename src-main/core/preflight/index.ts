/** The pre-flight planner (pure): detectable regressions per ring before a rollout starts. */
export {
  planPreflight,
  preflightLines,
  type BaselineTraffic,
  type PreflightOptions,
  type PreflightRing,
  type PreflightRingReport,
} from './preflight';
