/**
 * The one call `ringside run` (and later the console) makes to get gate readings for a
 * plan: a telemetry monitor built from the plan's telemetry section, pointed at the
 * simulator's metrics endpoints under --sim.
 */
import type { BuiltPlan } from '../../core/plan';
import type { RolloutPlan } from '../../core/model/plan';
import { describeExecResult, execCollect, type SshExecutor } from '../../adapters/ssh';
import type { StreamExecFn } from '../../adapters/telemetry/logs';
import type { ExecFn } from '../../adapters/telemetry/probes';
import { noTelemetryMonitor, type GateMonitor } from '../gate-monitor';
import type { SeriesStore } from '../series/series-store';
import { createTelemetryMonitor, type TelemetryMonitor } from './monitor';
import { createAlarmReader } from '../../adapters/cloud-aws/cloudwatch-alarms';
import type { AwsAccess } from '../../adapters/cloud-aws/ec2-inventory';

/** The part of the simulated fleet the monitor needs: each host's metrics URL. */
export interface SimMetricsEndpoints {
  host(name: string): { readonly metricsUrl: string } | undefined;
}

/** Options of {@link monitorForPlan}. */
export interface MonitorForPlanOptions {
  /**
   * Under `run --sim`: the simulated fleet. The plan's scrape source (port 9100 on each
   * host's address) is served by the simulator's per-host metrics endpoints instead.
   */
  readonly sim?: SimMetricsEndpoints;
  /** For SSH probes (and log signals). */
  readonly executor?: SshExecutor;
  readonly clock: () => number;
  /** The plan as the executor sees it (under --sim: the rehearsal's re-pointed plan). */
  readonly plan?: RolloutPlan;
  readonly series?: SeriesStore;
  readonly onAnomaly?: (a: { ring: string; metric: string; detail: string }) => void;
  /** Where `tokenEnv` is read (the CLI's environment); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * CloudWatch of the dress rehearsal's simulated account (endpoint and test keys); null on
   * the production path, where alarms are read with the SDK's default credential chain.
   */
  readonly aws: AwsAccess | null;
}

/**
 * A GateMonitor for the plan: the telemetry monitor when the plan has gates, else the
 * fail-closed monitor (every gate inconclusive).
 */
export function monitorForPlan(
  built: BuiltPlan,
  o: MonitorForPlanOptions,
): GateMonitor & { readonly telemetry: TelemetryMonitor | null } {
  if ((built.document.gates ?? []).length === 0) {
    return { ...noTelemetryMonitor, telemetry: null };
  }
  const plan = o.plan ?? built.plan;
  const sim = o.sim;
  const monitor = createTelemetryMonitor({
    plan,
    document: built.document,
    clock: o.clock,
    ...(sim ? { hostEndpoints: (h: string) => sim.host(h)?.metricsUrl } : {}),
    ...(o.executor
      ? { exec: execFnOf(o.executor, plan), streamExec: streamExecOf(o.executor, plan) }
      : {}),
    ...(o.series ? { series: o.series } : {}),
    ...(o.onAnomaly ? { onAnomaly: o.onAnomaly } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.aws ? { aws: o.aws } : {}),
    ...((built.document.gates ?? []).some((g) => g.kind === 'cloudwatch-alarms')
      ? { alarmReader: createAlarmReader(o.aws ?? undefined) }
      : {}),
  });
  return {
    telemetry: monitor,
    evaluate: (input) => monitor.evaluate(input),
    close: () => monitor.close(),
    // Every member of the port: a wrapper that dropped these lost anomalies and platform gates.
    drainAnomalies: () => monitor.drainAnomalies(),
    watchesPlatform: monitor.watchesPlatform,
  };
}

function execFnOf(executor: SshExecutor, plan: RolloutPlan): ExecFn {
  const hosts = new Map(plan.hosts.map((h) => [h.name, h]));
  return async (name, command, opts) => {
    const host = hosts.get(name);
    if (host === undefined) {
      return { ok: false, message: `host ${name} is not in the plan` };
    }
    return execCollect(executor, host, command, opts);
  };
}

/** Long-running commands (log follows) over the executor; resolves when the command ends. */
export function streamExecOf(executor: SshExecutor, plan: RolloutPlan): StreamExecFn {
  const hosts = new Map(plan.hosts.map((h) => [h.name, h]));
  return async (name, command, opts) => {
    const host = hosts.get(name);
    if (host === undefined) {
      return { ok: false, message: `host ${name} is not in the plan` };
    }
    const r = await executor.exec(host, command, {
      // A follow runs until the rollout's monitor closes (the signal), not until a timeout.
      timeoutMs: 7 * 24 * 3600_000,
      signal: opts.signal,
      onLine: (stream, line) => {
        if (stream === 'stdout') {
          opts.onStdout(`${line}\n`);
        }
      },
    });
    return r.kind === 'ok' || r.kind === 'cancelled'
      ? { ok: true }
      : { ok: false, message: describeExecResult(r) };
  };
}
