/**
 * The simulated account's CloudWatch metrics, read from the same simulated hosts the SSH and
 * metrics sim serves: once a second the recorder reads every instance's request counters
 * (restart-aware, as Prometheus' increase() is) and keeps the per-second deltas, so a deploy
 * of a "-bad" release changes what CloudWatch says from that second on.
 *
 * The metrics (what the CloudWatch agent of an instance would publish, one datapoint per
 * instance per requested period, computed over that period):
 * - `Ringside/App` `RequestCount` (requests), `5xxCount` (5xx responses), `ErrorRate`
 *   (5xx / requests; no datapoint for a period without requests), `Latency` (mean, ms);
 * - `AWS/EC2` `CPUUtilization`: a load model, 3% + 1.2% per request per second, at most 100.
 * Dimensions: `InstanceId` (one instance) or `AutoScalingGroupName` (every instance with that
 * `aws:autoscaling:groupName` tag: the statistic runs over all their datapoints).
 */
import type { SimInstance } from './account';
import { createPrng } from '../prng';
import { binomial, poisson } from '../sampling';

/** An instance's request counters since its process started (a restart zeroes them). */
export interface InstanceCounters {
  readonly processStartMs: number;
  readonly requests: number;
  readonly errors5xx: number;
  readonly latencySeconds: number;
  /**
   * What the instance serves now (requests per second, 5xx share): lets the account start
   * with history, as a real one has, drawn from the version the host runs at start.
   */
  readonly rps?: number;
  readonly errorRate?: number;
}

/** Reads an instance's counters now; undefined when no simulated host stands behind it. */
export type CountersOf = (instanceId: string) => InstanceCounters | undefined;

export const APP_NAMESPACE = 'Ringside/App';
export const ASG_TAG = 'aws:autoscaling:groupName';

/** Metrics the simulated account has data for, by namespace. */
export const SIM_METRICS: Readonly<Record<string, readonly string[]>> = {
  [APP_NAMESPACE]: ['RequestCount', '5xxCount', 'ErrorRate', 'Latency'],
  'AWS/EC2': ['CPUUtilization'],
};

interface Second {
  /** End of the second (ms); the delta covers (t - 1 s, t]. */
  readonly t: number;
  readonly requests: number;
  readonly errors: number;
  readonly latency: number;
}

export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

/** What a statistic runs over: one datapoint per instance per period. */
export interface PeriodPoints {
  /** Period start (ms). */
  readonly start: number;
  readonly values: number[];
}

const KEEP_MS = 3 * 3600_000;

/** Per-second deltas of every instance's counters, and metric datapoints computed from them. */
export class MetricRecorder {
  private readonly seconds = new Map<string, Second[]>();
  private readonly last = new Map<string, InstanceCounters>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly instances: readonly SimInstance[],
    private readonly countersOf: CountersOf,
    private readonly now: () => number,
  ) {}

  /**
   * Samples every second until stop(); takes the first sample at once, after drawing
   * `historyMs` of per-second history from each instance's current rate and 5xx share
   * (Poisson requests, binomial errors), so alarms have data from the first minute.
   */
  start(historyMs = 0): void {
    if (historyMs > 0) {
      this.backfill(historyMs);
    }
    this.tick();
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private backfill(historyMs: number): void {
    const end = Math.floor(this.now() / 1000) * 1000;
    const rng = createPrng(0x5eed);
    for (const i of this.instances) {
      const c = i.state === 'running' ? this.countersOf(i.instanceId) : undefined;
      if (c?.rps === undefined || c.errorRate === undefined) {
        continue;
      }
      const list: Second[] = [];
      for (let t = end - historyMs + 1000; t <= end; t += 1000) {
        const requests = poisson(rng, c.rps);
        list.push({
          t,
          requests,
          errors: binomial(rng, requests, c.errorRate),
          latency: requests * 0.05,
        });
      }
      this.seconds.set(i.instanceId, list);
    }
  }

  /** One sample of every running instance (public so tests drive time themselves). */
  tick(): void {
    const t = this.now();
    for (const i of this.instances) {
      if (i.state !== 'running') {
        continue;
      }
      const c = this.countersOf(i.instanceId);
      if (c === undefined) {
        continue;
      }
      const prev = this.last.get(i.instanceId);
      this.last.set(i.instanceId, c);
      if (prev === undefined) {
        continue; // the first read only anchors the counters
      }
      const restarted = c.processStartMs !== prev.processStartMs || c.requests < prev.requests;
      const d = (now: number, before: number): number => (restarted ? now : now - before);
      const list = this.seconds.get(i.instanceId) ?? [];
      list.push({
        t,
        requests: d(c.requests, prev.requests),
        errors: d(c.errors5xx, prev.errors5xx),
        latency: d(c.latencySeconds, prev.latencySeconds),
      });
      while (list.length > 0 && (list[0]?.t ?? t) < t - KEEP_MS) {
        list.shift();
      }
      this.seconds.set(i.instanceId, list);
    }
  }

  /** Instances a dimension set names (empty for a combination the account has no data for). */
  instancesOf(region: string, namespace: string, dimensions: readonly Dimension[]): SimInstance[] {
    if (SIM_METRICS[namespace] === undefined || dimensions.length !== 1) {
      return [];
    }
    const [d] = dimensions;
    const here = this.instances.filter((i) => i.region === region);
    if (d?.Name === 'InstanceId') {
      return here.filter((i) => i.instanceId === d.Value);
    }
    if (d?.Name === 'AutoScalingGroupName') {
      return here.filter((i) => i.tags[ASG_TAG] === d.Value);
    }
    return [];
  }

  /**
   * Datapoints in `region` per period in [fromMs, toMs) (periods aligned to multiples of `periodS` since
   * the epoch, the last one possibly still filling), oldest first; periods without data left out.
   */
  points(
    region: string,
    namespace: string,
    metric: string,
    dimensions: readonly Dimension[],
    periodS: number,
    fromMs: number,
    toMs: number,
  ): PeriodPoints[] {
    if (!(SIM_METRICS[namespace] ?? []).includes(metric)) {
      return [];
    }
    const p = periodS * 1000;
    const first = Math.floor(fromMs / p) * p;
    const byStart = new Map<number, number[]>();
    for (const inst of this.instancesOf(region, namespace, dimensions)) {
      const sums = new Map<number, { requests: number; errors: number; latency: number }>();
      for (const s of this.seconds.get(inst.instanceId) ?? []) {
        const start = Math.floor((s.t - 1) / p) * p;
        if (start < first || start >= toMs) {
          continue;
        }
        const acc = sums.get(start) ?? { requests: 0, errors: 0, latency: 0 };
        acc.requests += s.requests;
        acc.errors += s.errors;
        acc.latency += s.latency;
        sums.set(start, acc);
      }
      for (const [start, acc] of sums) {
        const v = valueOf(metric, acc, periodS);
        if (v !== undefined) {
          byStart.set(start, [...(byStart.get(start) ?? []), v]);
        }
      }
    }
    return [...byStart].sort((a, b) => a[0] - b[0]).map(([start, values]) => ({ start, values }));
  }
}

function valueOf(
  metric: string,
  acc: { requests: number; errors: number; latency: number },
  periodS: number,
): number | undefined {
  switch (metric) {
    case 'RequestCount':
      return acc.requests;
    case '5xxCount':
      return acc.errors;
    case 'ErrorRate':
      return acc.requests > 0 ? acc.errors / acc.requests : undefined;
    case 'Latency':
      return acc.requests > 0 ? (acc.latency / acc.requests) * 1000 : undefined;
    case 'CPUUtilization':
      return Math.min(100, 3 + (1.2 * acc.requests) / periodS);
    default:
      return undefined;
  }
}

/** A statistic (SampleCount, Sum, Average, Minimum, Maximum, pNN) over a period's datapoints. */
export function statistic(stat: string, values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sum = values.reduce((a, b) => a + b, 0);
  switch (stat) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return sum;
    case 'Average':
      return sum / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    default: {
      const q = percentileOf(stat);
      if (q === null) {
        return undefined;
      }
      const sorted = [...values].sort((a, b) => a - b);
      const idx = Math.min(
        sorted.length - 1,
        Math.max(0, Math.ceil((q / 100) * sorted.length) - 1),
      );
      return sorted[idx];
    }
  }
}

/** The percentile of `p99`, `p99.9`, `p50`; null for anything else. */
export function percentileOf(stat: string): number | null {
  const m = /^p(\d{1,2}(\.\d{1,2})?|100)$/.exec(stat);
  return m ? Number(m[1]) : null;
}

/** Statistics the simulator computes. */
export function isKnownStat(stat: string): boolean {
  return (
    ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'].includes(stat) ||
    percentileOf(stat) !== null
  );
}
