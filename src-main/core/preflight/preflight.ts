/**
 * The pre-flight planner: before a rollout starts, from baseline traffic measured now, the
 * smallest error-rate and latency regression each ring's sequential gates can catch within
 * its bake at the plan's alpha — and warnings when a ring is too small or its bake too short
 * to catch anything useful (the low-traffic canary that neither fails nor passes for a reason).
 * Pure: traffic is measured elsewhere and passed in; the simulation is seeded.
 */
import type { GateSpec } from '../gates/gate-spec';
import { SEQUENTIAL_DEFAULTS } from '../gates/gate-spec';
import { detectableLatency, detectableRegression, type Detectable } from '../stats/detectable';

/** Baseline traffic as measured (two scrapes a few seconds apart, or a Prometheus query). */
export interface BaselineTraffic {
  /** Requests per second per host, averaged over the hosts measured. */
  readonly perHostRps: number;
  /** Errors per request across the hosts measured (e.g. 0.005). */
  readonly errorRate: number | null;
  readonly hostsMeasured: number;
  readonly seconds: number;
}

/** A ring as the planner needs it. */
export interface PreflightRing {
  readonly name: string;
  readonly hosts: number;
  readonly bakeMs: number;
  /** Gates of the ring, resolved. */
  readonly gates: readonly GateSpec[];
  /** Hosts left untouched while this ring bakes (the baseline's candidates). */
  readonly baselineCandidates: number;
  /** q of the latency gate's quantile metric (default 0.99). */
  readonly latencyQuantile?: number;
}

/** What the planner says about one ring. */
export interface PreflightRingReport {
  readonly ring: string;
  readonly hosts: number;
  readonly bakeSeconds: number;
  readonly ringRps: number;
  readonly baselineRps: number;
  readonly alpha: number;
  readonly delta: number;
  /** Errors: null when the ring has no sequential counts gate or no baseline error rate. */
  readonly errors: Detectable | null;
  /** Latency (slow-request share past the baseline's quantile): null without a latency gate. */
  readonly latency: Detectable | null;
  /** The quantile the latency figure refers to (e.g. 0.99). */
  readonly latencyQuantile: number;
  readonly warnings: readonly string[];
}

/** Planner settings. */
export interface PreflightOptions {
  /** Baseline hosts the monitor measures per round (the monitor's default is 50). */
  readonly baselineSample: number;
  readonly seed?: number;
  /** Simulated bakes per candidate (default 200). */
  readonly runs?: number;
}

/** Bakes shorter than this many intervals give the test too few looks to be useful. */
const MIN_USEFUL_RATIO = 3;

/** Plans every ring. */
export function planPreflight(
  rings: readonly PreflightRing[],
  traffic: BaselineTraffic,
  opts: PreflightOptions,
): PreflightRingReport[] {
  return rings.map((r) => planRing(r, traffic, opts));
}

function planRing(
  r: PreflightRing,
  traffic: BaselineTraffic,
  opts: PreflightOptions,
): PreflightRingReport {
  const counts = r.gates.find((g) => g.kind === 'sequential' && g.test === 'counts');
  const latencyGate = r.gates.find((g) => g.kind === 'sequential' && g.test === 'latency');
  const seqGate = counts ?? latencyGate;
  const alpha = seqGate?.kind === 'sequential' ? seqGate.alpha : SEQUENTIAL_DEFAULTS.alpha;
  const delta = seqGate?.kind === 'sequential' ? seqGate.delta : SEQUENTIAL_DEFAULTS.delta;
  const baselineHosts = Math.min(opts.baselineSample, r.baselineCandidates);
  const ringRps = r.hosts * traffic.perHostRps;
  const baselineRps = baselineHosts * traffic.perHostRps;
  const bakeSeconds = r.bakeMs / 1000;
  const warnings: string[] = [];
  const common = {
    ringRequestsPerSec: ringRps,
    baselineRequestsPerSec: baselineRps,
    bakeSeconds,
    alpha,
    delta,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
  };
  if (seqGate === undefined) {
    warnings.push(
      `ring ${r.name} has no sequential gate: only threshold/baseline gates judge it (figures below assume alpha ${alpha})`,
    );
  }
  if (baselineHosts === 0 && r.gates.some((g) => g.kind !== 'threshold')) {
    warnings.push(
      `ring ${r.name} has no baseline (every other host is already updated): ring-vs-baseline gates stay inconclusive and promotion needs an override`,
    );
  }
  if (bakeSeconds <= 0) {
    warnings.push(`ring ${r.name} has no bake: its gates get no time to see anything`);
  }
  const errors =
    traffic.errorRate === null || baselineHosts === 0
      ? null
      : detectableRegression({ ...common, baselineEventRate: traffic.errorRate });
  if (traffic.errorRate === null) {
    warnings.push('no baseline error rate measured: error regressions cannot be sized');
  } else if (traffic.errorRate === 0) {
    warnings.push(
      'the baseline served no errors while measured: the error test has nothing to compare with (measure longer)',
    );
  }
  const latency =
    latencyGate === undefined || baselineHosts === 0
      ? null
      : detectableLatency(r.latencyQuantile ?? 0.99, common);
  for (const [what, d] of [
    ['error-rate', errors],
    ['latency', latency],
  ] as const) {
    if (d === null) {
      continue;
    }
    if (d.verdict === 'too-small') {
      warnings.push(
        `ring ${r.name} is too small or its bake too short for ${what} regressions: ${d.reason}`,
      );
    } else if (d.minRatio > MIN_USEFUL_RATIO) {
      warnings.push(
        `ring ${r.name} only catches ${what} regressions of ${d.minRatio.toFixed(1)}x or more within its bake: lengthen the bake or grow the ring`,
      );
    }
  }
  return {
    ring: r.name,
    hosts: r.hosts,
    bakeSeconds,
    ringRps,
    baselineRps,
    alpha,
    delta,
    errors,
    latency,
    latencyQuantile: r.latencyQuantile ?? 0.99,
    warnings,
  };
}

/** One line per ring (and its warnings), for `ringside preview --preflight`. */
export function preflightLines(
  reports: readonly PreflightRingReport[],
  traffic: BaselineTraffic,
): string[] {
  const lines = [
    `pre-flight: baseline traffic ${round(traffic.perHostRps)} req/s per host, ${traffic.errorRate === null ? 'error rate unknown' : `${round(traffic.errorRate * 100)}% errors`} (measured on ${traffic.hostsMeasured} hosts over ${round(traffic.seconds)} s)`,
  ];
  for (const r of reports) {
    const parts: string[] = [];
    if (r.errors?.verdict === 'ok') {
      parts.push(
        `errors from ${round((traffic.errorRate ?? 0) * 100)}% to ${round(r.errors.minRingEventRate * 100)}% (${r.errors.minRatio.toFixed(1)}x)`,
      );
    }
    if (r.latency?.verdict === 'ok') {
      parts.push(
        `latency when ${r.latency.minRatio.toFixed(1)}x as many requests pass the baseline's p${round(r.latencyQuantile * 100)}`,
      );
    }
    lines.push(
      `  ring ${r.ring}: ${r.hosts} hosts ~${round(r.ringRps)} req/s vs baseline ~${round(r.baselineRps)} req/s, bake ${round(r.bakeSeconds)} s, alpha ${r.alpha}: ` +
        (parts.length > 0
          ? `detects ${parts.join(' and ')} with 80% probability`
          : 'detects nothing reliably'),
    );
    for (const w of r.warnings) {
      lines.push(`    warning: ${w}`);
    }
  }
  return lines;
}

function round(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3));
}
