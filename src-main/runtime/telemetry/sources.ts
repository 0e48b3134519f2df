/**
 * The telemetry sources of a plan, opened: for each, how to collect one round for a set of
 * hosts and how to run its PromQL metrics. Built once per monitor.
 */
import type { Host } from '../../core/model/host';
import { renderCommand } from '../../core/template';
import { renderUrl } from '../../core/url-template';
import { createPrometheusClient, type PrometheusClient } from '../../adapters/telemetry/prometheus';
import type { StreamExecFn } from '../../adapters/telemetry/logs';
import type { ExecFn } from '../../adapters/telemetry/probes';
import {
  httpProbeFetcher,
  prometheusRawFetcher,
  scrapeFetcher,
  sshProbeFetcher,
  type RoundFetcher,
} from './host-rounds';
import { LogWatch } from './log-watch';
import { cloudwatchFetcher } from './cloudwatch-round';
import {
  createCloudWatchMetricReader,
  type CloudWatchMetricReader,
} from '../../adapters/cloud-aws/cloudwatch-metrics';
import type { AwsAccess } from '../../adapters/cloud-aws/ec2-inventory';
import { seriesNames } from '../../core/telemetry/scope-metrics';
import type { TelemetryPlan } from '../../core/telemetry/telemetry-plan';

/** One opened source. */
export interface OpenSource {
  readonly name: string;
  readonly kind: 'scrape' | 'prometheus' | 'http-probe' | 'ssh-probe' | 'logs' | 'cloudwatch';
  readonly intervalMs: number;
  /** Per-host samples for non-PromQL metrics; null when the source has none to offer. */
  readonly fetch: RoundFetcher | null;
  /** For prometheus sources: the client PromQL metrics use. */
  readonly prometheus: PrometheusClient | null;
  /** Why the source cannot work (e.g. ssh-probe without an executor); null when fine. */
  readonly problem: string | null;
  /** For logs sources: the followed logs (signatures for the halt summary). */
  readonly logs?: LogWatch;
  /** For cloudwatch sources: the reader (closed with the monitor). */
  readonly cloudwatch?: CloudWatchMetricReader;
}

/** What opening sources needs from the outside. */
export interface SourceDeps {
  readonly hosts: ReadonlyMap<string, Host>;
  /** The plan's release: `{{version}}`/`{{previous}}` of probe commands and URLs. */
  readonly release: {
    readonly version: string;
    readonly previous: string;
    readonly digest?: string;
  };
  /** Metrics URL of a host (e.g. the simulator's endpoint); overrides the scrape source's port/path. */
  readonly hostEndpoints?: (host: string) => string | undefined;
  readonly exec?: ExecFn;
  /** Long-running commands (log follows). */
  readonly streamExec?: StreamExecFn;
  readonly clock: () => number;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The rehearsal's simulated AWS account for cloudwatch sources; absent: the SDK's chain. */
  readonly aws?: AwsAccess;
}

/** Bracketed for IPv6 literals, as URLs and Prometheus' instance label write them. */
function hostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[')
    ? `[${address}]:${port}`
    : `${address}:${port}`;
}

/** `host:port` of a URL (what Prometheus' instance label holds for a target). */
export function instanceOfUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
    return `${u.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

/**
 * The `instance` label Prometheus gives a host's target, for `{{ring.instances}}` and
 * `{{baseline.instances}}`: the host's address and the port the Prometheus source names
 * (`instancePort`), else the scrape source's port. The simulated fleet's own endpoint wins,
 * as it does for scraping. Undefined when no port is known (validate refuses that plan).
 */
export function promInstances(
  tp: TelemetryPlan,
  deps: Pick<SourceDeps, 'hosts' | 'hostEndpoints'>,
): (host: string, source: string) => string | undefined {
  const scrape = [...tp.sources.values()].find((s) => s.kind === 'scrape');
  return (name, source) => {
    const fromSim = deps.hostEndpoints?.(name);
    if (fromSim !== undefined) {
      return instanceOfUrl(fromSim);
    }
    const h = deps.hosts.get(name);
    const src = tp.sources.get(source);
    const port =
      src?.kind === 'prometheus' && src.instancePort !== undefined
        ? src.instancePort
        : scrape?.kind === 'scrape'
          ? scrape.port
          : undefined;
    return h === undefined || port === undefined ? undefined : hostPort(h.address, port);
  };
}

/** Opens every source of the plan. */
export function openSources(tp: TelemetryPlan, deps: SourceDeps): Map<string, OpenSource> {
  const scrape = [...tp.sources.values()].find((s) => s.kind === 'scrape');
  const urlOf = (name: string): string | undefined => {
    const fromSim = deps.hostEndpoints?.(name);
    if (fromSim !== undefined) {
      return fromSim;
    }
    const h = deps.hosts.get(name);
    if (h === undefined || scrape === undefined || scrape.kind !== 'scrape') {
      return undefined;
    }
    return `http://${hostPort(h.address, scrape.port)}${scrape.path ?? '/metrics'}`;
  };
  const instanceOf = (name: string): string | undefined => {
    const url = urlOf(name);
    return url === undefined ? undefined : instanceOfUrl(url);
  };
  const out = new Map<string, OpenSource>();
  for (const s of tp.sources.values()) {
    const metrics = [...tp.metrics.values()].filter((m) => m.source === s.name);
    const base = { name: s.name, kind: s.kind, intervalMs: s.intervalMs };
    const rounds = { timeoutMs: deps.timeoutMs, concurrency: deps.concurrency, clock: deps.clock };
    switch (s.kind) {
      case 'scrape':
        out.set(s.name, {
          ...base,
          fetch: scrapeFetcher(urlOf, {
            ...rounds,
            timeoutMs: Math.min(deps.timeoutMs, s.intervalMs),
          }),
          prometheus: null,
          problem: null,
        });
        break;
      case 'prometheus': {
        const client = createPrometheusClient({
          url: s.url,
          timeoutMs: Math.min(deps.timeoutMs, Math.max(500, s.intervalMs)),
          ...(s.tokenEnv !== undefined ? { tokenEnv: s.tokenEnv } : {}),
          ...(deps.env !== undefined ? { env: deps.env } : {}),
        });
        const names = seriesNames(metrics);
        out.set(s.name, {
          ...base,
          fetch:
            names.length > 0 ? prometheusRawFetcher(client, names, instanceOf, deps.clock) : null,
          prometheus: client,
          problem: null,
        });
        break;
      }
      case 'http-probe': {
        const { version, previous } = deps.release;
        const url = renderUrl(s.url, { version, previous });
        out.set(s.name, {
          ...base,
          fetch: url.ok
            ? httpProbeFetcher(url.url, {
                timeoutMs: Math.min(deps.timeoutMs, s.intervalMs),
                clock: deps.clock,
                ...(s.expectStatus !== undefined ? { expectStatus: s.expectStatus } : {}),
              })
            : null,
          prometheus: null,
          problem: url.ok ? null : `http-probe ${s.name}: ${url.message}`,
        });
        break;
      }
      case 'ssh-probe':
        out.set(s.name, {
          ...base,
          fetch:
            deps.exec === undefined
              ? null
              : sshProbeFetcher(deps.exec, (h) => probeCommand(s.command, h, deps), rounds),
          prometheus: null,
          problem:
            deps.exec === undefined
              ? `ssh-probe ${s.name}: no SSH executor given to the telemetry monitor`
              : null,
        });
        break;
      case 'logs': {
        if (deps.streamExec === undefined) {
          out.set(s.name, {
            ...base,
            fetch: null,
            prometheus: null,
            problem: `logs ${s.name}: no SSH executor given to the telemetry monitor`,
          });
          break;
        }
        const logs = new LogWatch(s, deps.streamExec, deps.clock);
        out.set(s.name, { ...base, fetch: logs.fetcher(), prometheus: null, problem: null, logs });
        break;
      }
      case 'cloudwatch': {
        const reader = createCloudWatchMetricReader(deps.aws, s.profile);
        out.set(s.name, {
          ...base,
          fetch: cloudwatchFetcher(reader, metrics, deps.hosts, deps.clock),
          prometheus: null,
          problem: null,
          cloudwatch: reader,
        });
        break;
      }
      default: {
        const never: never = s;
        throw new Error(`openSources: unknown source ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}

/** An ssh-probe's command rendered for one host, through the one template mechanism. */
function probeCommand(
  template: string,
  hostName: string,
  deps: SourceDeps,
): { ok: true; command: string } | { ok: false; message: string } {
  const host = deps.hosts.get(hostName);
  if (host === undefined) {
    return { ok: false, message: `${hostName} is not in the plan` };
  }
  const r = renderCommand(template, {
    version: deps.release.version,
    previous: deps.release.previous,
    ...(deps.release.digest !== undefined ? { digest: deps.release.digest } : {}),
    host: { name: host.name, address: host.address, labels: host.labels },
  });
  return r.ok ? r : { ok: false, message: `${hostName}: ${r.message}` };
}
