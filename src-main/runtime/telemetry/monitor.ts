/**
 * The telemetry monitor: implements the engine's GateMonitor port from the plan's telemetry
 * section. Each `evaluate` collects the sources whose interval has come (ring hosts on the
 * new version + a baseline sample), feeds the series store and the sequential tests, and
 * evaluates every due gate with core/gates. Fails closed: no data, stale data or too few
 * samples is `inconclusive`, with the sources' own error sentences in the reason.
 */
import { evaluateGate } from '../../core/gates/evaluate';
import type { GateEvaluation, GateObservation, GateSpec } from '../../core/gates/gate-spec';
import { toGateReading } from '../../core/gates/to-reading';
import type { SummarySignature } from '../../core/halt-summary';
import type { RolloutPlan } from '../../core/model/plan';
import type { PlanDocument } from '../../core/plan';
import type { RolloutState } from '../../core/rollout';
import type { JsonValue } from '../../core/rollout/event';
import type { StreamExecFn } from '../../adapters/telemetry/logs';
import type { ExecFn } from '../../adapters/telemetry/probes';
import type {
  AnomalyReading,
  GateEvaluationInput,
  GateMonitor,
  GateReading,
} from '../gate-monitor';
import { createSeriesStore, type SeriesStore } from '../series/series-store';
import { Collector, type RoundObservation } from './collector';
import { applyBakePhases, pendingEval } from './gate-phases';
import { haltSummaryFor } from './halt-context';
import { findAnomalies, platformReading, type Anomaly } from './side-readings';
import { feedTrack, startTrack, type SequentialTrack } from './sequential-feed';
import { baselineSample, baselineScope, ringHostsDeploying, ringHostsOnNewVersion } from './scopes';
import { openSources, promInstances } from './sources';
import { resolveTelemetry, type TelemetryPlan } from '../../core/telemetry/telemetry-plan';
import type { AlarmReader } from '../../adapters/cloud-aws/cloudwatch-alarms';
import type { AwsAccess } from '../../adapters/cloud-aws/ec2-inventory';
import { AlarmGateReadings } from './alarm-readings';

/** Settings of {@link createTelemetryMonitor}. */
export interface TelemetryMonitorOptions {
  readonly plan: RolloutPlan;
  readonly document: PlanDocument;
  /** Metrics URL per host name (e.g. the simulator's endpoints); default from the scrape source. */
  readonly hostEndpoints?: (host: string) => string | undefined;
  /** Runs SSH probe commands (adapters/telemetry/probes ExecFn). */
  readonly exec?: ExecFn;
  /** Runs log follows (adapters/telemetry/logs StreamExecFn). */
  readonly streamExec?: StreamExecFn;
  readonly clock: () => number;
  readonly series?: SeriesStore;
  /** Baseline hosts measured per round (default 50). */
  readonly baselineHosts?: number;
  /** Requests in flight per source (default 32). */
  readonly concurrency?: number;
  /** Per request (default 2000 ms, capped at the source interval). */
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The rehearsal's simulated AWS account for cloudwatch sources; absent: the SDK's chain. */
  readonly aws?: AwsAccess;
  /** Reads CloudWatch alarms for cloudwatch-alarms gates (monitorForPlan always wires one). */
  readonly alarmReader?: AlarmReader;
  /** Told once per ring and metric when an ungated metric moves sharply vs the baseline. */
  readonly onAnomaly?: (a: { ring: string; metric: string; detail: string }) => void;
}

/** The monitor, with its series for the console. */
export interface TelemetryMonitor extends GateMonitor {
  readonly series: SeriesStore;
  /** Anomalies found so far (also passed to onAnomaly). */
  anomalies(): readonly { ring: string; metric: string; detail: string; atMs: number }[];
  drainAnomalies(): readonly AnomalyReading[];
  readonly watchesPlatform: boolean;
}

interface RingRun {
  readonly ring: string;
  /** When this monitor began watching the ring (a resumed rollout starts it anew). */
  readonly watchSince: number;
  firstNewAt: number | null;
  readonly tracks: Map<string, SequentialTrack>;
  readonly feedProblems: Map<string, string>;
  readonly summaries: Map<string, string>;
  readonly healthy: Set<string>;
}

/** Builds the monitor; throws only when the plan's telemetry cannot be resolved (a bug past validation). */
export function createTelemetryMonitor(o: TelemetryMonitorOptions): TelemetryMonitor {
  const resolved = resolveTelemetry(o.document);
  if (!resolved.ok) {
    throw new Error(`telemetry monitor: ${resolved.problems.join('; ')}`);
  }
  const tp: TelemetryPlan = resolved.value;
  const series = o.series ?? createSeriesStore({ clock: o.clock, maxAgeMs: 60 * 60_000 });
  const hosts = new Map(o.plan.hosts.map((h) => [h.name, h]));
  const sources = openSources(tp, {
    hosts,
    release: o.plan.release,
    ...(o.hostEndpoints ? { hostEndpoints: o.hostEndpoints } : {}),
    ...(o.exec ? { exec: o.exec } : {}),
    ...(o.streamExec ? { streamExec: o.streamExec } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.aws ? { aws: o.aws } : {}),
    clock: o.clock,
    timeoutMs: o.timeoutMs ?? 2000,
    concurrency: o.concurrency ?? 32,
  });
  const collector = new Collector(
    tp,
    sources,
    series,
    promInstances(tp, { hosts, ...(o.hostEndpoints ? { hostEndpoints: o.hostEndpoints } : {}) }),
  );
  const side = { tp, series, collector };
  const platformGates = [...tp.gates.values()].filter((g) => g.platform);
  const alarmReadings = o.alarmReader ? new AlarmGateReadings(o.alarmReader) : null;
  const platformAlarmGates = [...tp.alarmGates.values()].filter((g) => g.platform);
  const reported = new Set<string>();
  const platformMetrics = new Set(
    platformGates
      .map((g) => g.metric)
      .filter((m) => ![...tp.gates.values()].some((g) => !g.platform && g.metric === m)),
  );
  const found: Anomaly[] = [];
  // Found but not yet handed to the engine (drainAnomalies), so they reach the journal.
  let undrained: Anomaly[] = [];
  let run: RingRun | null = null;

  const evaluate = async (input: GateEvaluationInput): Promise<GateReading[]> => {
    const { state } = input;
    const ring = input.ring;
    if (ring !== null && run?.ring !== ring) {
      run = {
        ring,
        watchSince: input.now,
        firstNewAt: null,
        tracks: new Map(),
        feedProblems: new Map(),
        summaries: new Map(),
        healthy: new Set(),
      };
    }
    const current = ring === null ? null : run;
    const ringHosts = ring === null ? [] : ringHostsOnNewVersion(state, ring);
    const baseHosts = ring === null ? [] : baselineSample(state, ring, o.baselineHosts ?? 50);
    if (current && current.firstNewAt === null && ringHosts.length > 0) {
      current.firstNewAt = input.now;
    }
    const ringSpecs = input.gates
      .map((g) => tp.gates.get(g))
      .filter((g): g is GateSpec => g !== undefined && !g.platform);
    const onRound = (metric: string, obs: RoundObservation): void => {
      if (!current || ringHosts.length === 0) {
        return;
      }
      for (const spec of ringSpecs) {
        const m = tp.metrics.get(metric);
        if (spec.kind !== 'sequential' || spec.metric !== metric || m === undefined) {
          continue;
        }
        const fed = feedTrack(
          current.tracks.get(spec.name) ?? startTrack(spec),
          spec,
          m,
          obs,
          baseHosts,
        );
        current.tracks.set(spec.name, fed.track);
        if (fed.result.ok) {
          current.feedProblems.delete(spec.name);
        } else {
          current.feedProblems.set(spec.name, fed.result.reason);
        }
      }
    };
    await collector.collect(
      input.now,
      {
        ring,
        ringHosts,
        baselineHosts: baseHosts,
        anchorHosts: ring === null ? [] : ringHostsDeploying(state, ring),
        vars: {
          version: state.plan?.release.version ?? '',
          previous: state.plan?.release.previous ?? '',
          ...(ring ? { ring } : {}),
        },
        platformMetrics,
      },
      new Set([...tp.metrics.keys()]),
      onRound,
    );
    const now = Math.max(input.now, o.clock());
    const readings: GateReading[] = [];
    if (current && ring !== null) {
      for (const spec of ringSpecs) {
        readings.push(ringReading(spec, current, state, ring, ringHosts, baseHosts, now));
      }
      for (const a of findAnomalies(side, ring, ringSpecs, reported, now)) {
        found.push(a);
        undrained.push(a);
        o.onAnomaly?.({ ring: a.ring, metric: a.metric, detail: a.detail });
      }
    }
    for (const spec of platformGates) {
      readings.push(platformReading(side, spec, now));
    }
    const ringAlarmGates = input.gates
      .map((g) => tp.alarmGates.get(g))
      .filter((g) => g !== undefined && !g.platform);
    for (const spec of [...(ring === null ? [] : ringAlarmGates), ...platformAlarmGates]) {
      if (spec === undefined) {
        continue;
      }
      readings.push(
        alarmReadings
          ? await alarmReadings.read(spec, ring, state, now)
          : {
              gate: spec.name,
              ring: spec.platform ? null : ring,
              outcome: 'inconclusive',
              evidence: { reason: 'no CloudWatch reader wired for this monitor' },
            },
      );
    }
    // Gates named for the ring but absent from the plan's telemetry: fail closed, say why.
    for (const g of input.gates) {
      if (!tp.gates.has(g) && !tp.alarmGates.has(g)) {
        readings.push({
          gate: g,
          ring,
          outcome: 'inconclusive',
          evidence: { reason: `gate ${g} is not defined in the plan's gates` },
        });
      }
    }
    return readings;
  };

  function ringReading(
    spec: GateSpec,
    r: RingRun,
    state: RolloutState,
    ring: string,
    ringHosts: readonly string[],
    baseHosts: readonly string[],
    now: number,
  ): GateReading {
    const ringState = state.rings.find((x) => x.name === ring);
    const bakeMs = state.plan?.rings.find((x) => x.name === ring)?.bakeMs ?? 0;
    // Final once the bake is over and this monitor has watched the ring for a bake's length:
    // after a restart the windows start empty, and the bake waits for them to refill.
    const final =
      ringState !== undefined &&
      (ringState.bakeElapsed || (ringState.bakeEndsAt !== null && now >= ringState.bakeEndsAt)) &&
      now - r.watchSince >= bakeMs;
    const metric = tp.metrics.get(spec.metric);
    const source = metric?.source ?? '?';
    let e: GateEvaluation;
    if (r.firstNewAt === null) {
      e = pendingEval(spec, now, `no host of ring ${ring} runs the new version yet`);
    } else {
      e = evaluateGate(spec, observation(spec, r, ring, state, now, final), now);
      e = applyBakePhases(
        spec,
        e,
        ringState?.bakeStartedAt ?? null,
        tp.bakePhases.get(ring),
        r.healthy,
        now,
      );
    }
    series.recordEvidence(ring, e);
    const base = toGateReading(e, ring);
    const extra: Record<string, JsonValue> = {
      metric: spec.metric,
      source,
      ringHosts: ringHosts.length,
      baselineHosts: baseHosts.length,
    };
    let reason = e.evidence.reason;
    if (e.outcome === 'inconclusive') {
      const why = [r.feedProblems.get(spec.name), ...collector.problems(source)].filter(
        (x): x is string => x !== undefined,
      );
      if (why.length > 0) {
        reason = `${reason}; ${source}: ${why.join('; ')}`;
      }
    }
    const reading: GateReading = {
      ...base,
      ring,
      evidence: { ...base.evidence, ...extra, reason },
      final,
    };
    if (e.outcome !== 'fail') {
      return reading;
    }
    const summary =
      r.summaries.get(spec.name) ??
      haltSummaryFor({
        state,
        ring,
        spec,
        metric,
        evaluation: e,
        series,
        firstNewVersionAt: r.firstNewAt,
        ...logEvidence(ringHosts, baseHosts),
        ...(r.tracks.get(spec.name)?.threshold !== undefined
          ? { latencyBound: r.tracks.get(spec.name)?.threshold }
          : {}),
      });
    r.summaries.set(spec.name, summary);
    return { ...reading, summary };
  }

  function logEvidence(
    ringHosts: readonly string[],
    baseHosts: readonly string[],
  ): { signatures?: SummarySignature[]; traceIds?: string[] } {
    const logs = collector.logWatch();
    return logs?.following === true ? logs.signatures(ringHosts, baseHosts) : {};
  }

  function observation(
    spec: GateSpec,
    r: RingRun,
    ring: string,
    state: RolloutState,
    now: number,
    final: boolean,
  ): GateObservation {
    const intervalMs = collector.intervalOf(spec.metric);
    if (spec.kind === 'sequential') {
      const t = r.tracks.get(spec.name) ?? startTrack(spec);
      return {
        kind: 'sequential',
        state: t.state,
        intervalMs,
        final,
        ...(t.newestMs !== undefined ? { newestMs: t.newestMs } : {}),
      };
    }
    const from = now - spec.windowMs;
    const bakeMs = state.plan?.rings.find((x) => x.name === ring)?.bakeMs ?? spec.windowMs;
    // A window longer than the bake could never fill within it: ask for the bake's length.
    // Two intervals early, so the last evaluation before the bake ends (the engine may stop
    // right after it) can already pass.
    const since = (r.firstNewAt ?? now) - Math.max(0, spec.windowMs - bakeMs) - 2 * intervalMs;
    return {
      kind: 'window',
      ring: series.window(spec.metric, ring, from, now),
      baseline: series.window(spec.metric, baselineScope(ring), from, now),
      intervalMs,
      measuringSinceMs: since,
      final,
    };
  }

  return {
    series,
    evaluate,
    anomalies: () => [...found],
    drainAnomalies: () => {
      const out = undrained.map((a) => ({ ring: a.ring, metric: a.metric, detail: a.detail }));
      undrained = [];
      return out;
    },
    watchesPlatform: platformGates.length + platformAlarmGates.length > 0,
    close: async () => {
      alarmReadings?.close();
      await collector.close();
    },
  };
}
