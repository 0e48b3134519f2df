/**
 * What the facade needs from telemetry for one rollout: the gate monitor the engine asks,
 * the series store the charts read, and the log lines the Logs view streams. A factory
 * builds it per rollout plan (gates belong to the plan's rings).
 */
import type { LogLine } from '../core/contract';
import type { BuiltPlan } from '../core/plan';
import type { SshExecutor } from '../adapters/ssh';
import { noTelemetryMonitor, type GateMonitor } from '../runtime';
import { createSeriesStore, type SeriesStore } from '../runtime/series/series-store';
import type { SimFleet } from '../sim';
import type { AwsAccess } from '../adapters/cloud-aws';

/** Telemetry wired for one rollout. The engine closes `monitor`; `close` stops the rest. */
export interface RolloutTelemetry {
  readonly monitor: GateMonitor;
  readonly series: SeriesStore;
  /** Log lines as the Logs view shows them; absent when the plan has no log source. */
  readonly subscribeLogs?: (listener: (line: LogLine) => void) => () => void;
  close(): Promise<void>;
}

/** Where the factory gets its context. */
export interface TelemetryContext {
  readonly sim: SimFleet | null;
  readonly executor: SshExecutor;
  readonly clock: () => number;
  /** Where credentials the plan names (`tokenEnv`) are read: the CLI's or the console's environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The rehearsal's simulated AWS account (CloudWatch alarms); null: the SDK's own chain. */
  readonly aws: AwsAccess | null;
}

/** Builds the telemetry of one rollout plan. */
export type TelemetryFactory = (
  built: BuiltPlan,
  ctx: TelemetryContext,
) => Promise<RolloutTelemetry> | RolloutTelemetry;

/** No telemetry: every gate inconclusive (fail closed), empty charts. */
export const noTelemetry: TelemetryFactory = (_built, ctx) => ({
  monitor: noTelemetryMonitor,
  series: createSeriesStore({ clock: ctx.clock }),
  close: async () => {},
});

/**
 * Where a series store scope is drawn: ring scopes as they are, every baseline scope
 * (`baseline`, `baseline:canary`) as the one `baseline` line the charts compare against.
 */
export function chartRing(scope: string): string {
  return scope.startsWith('baseline') ? 'baseline' : scope;
}
