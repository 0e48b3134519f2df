/**
 * Pre-flight I/O: measures baseline traffic (two rounds of the plan's own error metric a few
 * seconds apart, by scrape or through Prometheus, on a sample of hosts) and hands it to the
 * pure planner (core/preflight). With `sim`, a simulated fleet serves the plan's hosts briefly.
 */
import type { GateSpec } from '../../core/gates/gate-spec';
import type { BuiltPlan } from '../../core/plan';
import {
  planPreflight,
  type BaselineTraffic,
  type PreflightRing,
  type PreflightRingReport,
} from '../../core/preflight';
import { scopeCounts } from '../../core/telemetry/scope-counts';
import { startSimFleet } from '../../sim';
import { spread } from './scopes';
import { openSources } from './sources';
import { resolveTelemetry, type ResolvedMetric } from '../../core/telemetry/telemetry-plan';

/** The planner's answer with the traffic it rests on, or why there is none. */
export type PreflightResult =
  | {
      readonly ok: true;
      readonly traffic: BaselineTraffic;
      readonly rings: readonly PreflightRingReport[];
    }
  | { readonly ok: false; readonly message: string };

/** Options of {@link runPreflight}. */
export interface PreflightRunOptions {
  /** Serve the plan's hosts from a simulated fleet for the measurement. */
  readonly sim?: boolean;
  /** Time between the two rounds (default 2000 ms; at least 2 intervals + 1 s for Prometheus). */
  readonly gapMs?: number;
  /** Hosts measured (default 50). */
  readonly sample?: number;
  readonly seed?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Measures baseline traffic and plans every ring. Expected trouble is a result, not a throw. */
export async function runPreflight(
  built: BuiltPlan,
  o: PreflightRunOptions = {},
): Promise<PreflightResult> {
  const tp = resolveTelemetry(built.document);
  if (!tp.ok) {
    return { ok: false, message: `pre-flight: ${tp.problems.join('; ')}` };
  }
  const gates = [...tp.value.gates.values()];
  const countsGate = gates.find((g) => g.kind === 'sequential' && g.test === 'counts');
  const metric =
    tp.value.metrics.get(countsGate?.metric ?? '') ??
    [...tp.value.metrics.values()].find((m) => m.kind === 'ratio');
  if (metric === undefined || metric.kind !== 'ratio') {
    return {
      ok: false,
      message:
        'pre-flight: the plan has no ratio metric (errors / requests) to measure baseline traffic with',
    };
  }
  const plan = built.plan;
  const sample = spread(
    plan.hosts.map((h) => h.name),
    o.sample ?? 50,
  );
  const fleet = o.sim
    ? await startSimFleet({
        hosts: plan.hosts.map((h) => ({ name: h.name, labels: h.labels })),
        initialVersion: plan.release.previous,
        seed: o.seed ?? 1,
      })
    : null;
  try {
    const sources = openSources(tp.value, {
      hosts: new Map(plan.hosts.map((h) => [h.name, h])),
      release: plan.release,
      ...(fleet ? { hostEndpoints: (h: string) => fleet.host(h)?.metricsUrl } : {}),
      clock: Date.now,
      timeoutMs: 3000,
      concurrency: 32,
    });
    const src = sources.get(metric.source);
    if (src?.fetch === null || src === undefined) {
      return {
        ok: false,
        message: `pre-flight: source ${metric.source} of metric ${metric.name} cannot be measured (${src?.problem ?? 'not a scrape or prometheus source'})`,
      };
    }
    const gap = Math.max(
      o.gapMs ?? 2000,
      src.kind === 'prometheus' ? 2 * src.intervalMs + 1000 : 0,
    );
    const first = await src.fetch(sample);
    if (first.samples.size === 0) {
      return unreachable(sample.length, metric.source, first.errors, o.sim === true);
    }
    await sleep(gap);
    const second = await src.fetch(sample);
    const c = scopeCounts(
      first.samples,
      second.samples,
      sample,
      metric.numerator.test,
      metric.denominator.test,
    );
    if (c === undefined) {
      return unreachable(sample.length, metric.source, second.errors, o.sim === true);
    }
    const seconds = Math.max(0.001, (second.atMs - first.atMs) / 1000);
    const traffic: BaselineTraffic = {
      perHostRps: c.exposure / c.hostsReporting / seconds,
      errorRate: c.exposure > 0 ? c.events / c.exposure : null,
      hostsMeasured: c.hostsReporting,
      seconds,
    };
    return {
      ok: true,
      traffic,
      rings: planPreflight(ringsOf(built, tp.value.gates, tp.value.metrics), traffic, {
        baselineSample: 50,
        seed: o.seed ?? 1,
      }),
    };
  } finally {
    await fleet?.stop();
  }
}

function unreachable(
  hosts: number,
  source: string,
  errors: ReadonlyMap<string, string>,
  sim: boolean,
): PreflightResult {
  const why = [...errors.values()][0] ?? 'no data';
  return {
    ok: false,
    message: `pre-flight: cannot measure baseline traffic: none of ${hosts} sampled hosts answered twice through source ${source} (${why})${sim ? '' : '; use --sim for the simulated fleet'}`,
  };
}

function ringsOf(
  built: BuiltPlan,
  gates: ReadonlyMap<string, GateSpec>,
  metrics: ReadonlyMap<string, ResolvedMetric>,
): PreflightRing[] {
  const sizes = built.plan.rings.map((r) => r.domains.reduce((s, d) => s + d.hosts.length, 0));
  return built.plan.rings.map((r, i) => {
    const specs = r.gates.flatMap((g) => {
      const s = gates.get(g);
      return s === undefined ? [] : [s];
    });
    const lat = specs.find((g) => g.kind === 'sequential' && g.test === 'latency');
    const q = lat ? metrics.get(lat.metric) : undefined;
    return {
      name: r.name,
      hosts: sizes[i] ?? 0,
      bakeMs: r.bakeMs,
      gates: specs,
      baselineCandidates: sizes.slice(i + 1).reduce((s, n) => s + n, 0),
      ...(q?.kind === 'quantile' ? { latencyQuantile: q.q } : {}),
    };
  });
}
