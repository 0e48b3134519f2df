/**
 * Collection: at each source's interval, one round for the ring's hosts on the new version
 * and the baseline sample, turned into per-scope metric points (series store) and per-round
 * counts for the sequential tests. PromQL metrics are queried per scope with the ring or
 * the baseline templated in.
 */
import type { PromSample } from '../../core/telemetry/prom-text';
import { renderQuery, type QueryScope } from '../../core/telemetry/query-template';
import type { SeriesStore } from '../series/series-store';
import {
  observeScope,
  type HostSamples,
  type ScopeObservation,
} from '../../core/telemetry/scope-metrics';
import { PLATFORM_SCOPE, baselineScope, spread } from './scopes';
import type { OpenSource } from './sources';
import type { ResolvedMetric, TelemetryPlan } from '../../core/telemetry/telemetry-plan';

/** Who is measured this round. */
export interface CollectScopes {
  /** Active ring, or null when only platform gates are due. */
  readonly ring: string | null;
  readonly ringHosts: readonly string[];
  readonly baselineHosts: readonly string[];
  /**
   * Ring hosts still deploying: scraped only so their first interval on the new version
   * counts from the round before the switch (a deploy restarts the process: a counter reset).
   */
  readonly anchorHosts?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, string>>;
  /** Metrics only platform gates read: PromQL ones are asked once, untemplated by ring. */
  readonly platformMetrics: ReadonlySet<string>;
}

/** One round's observation of a metric on ring and baseline (for the sequential tests). */
export interface RoundObservation {
  readonly atMs: number;
  readonly ring: ScopeObservation;
  readonly baseline: ScopeObservation;
  /** Baseline samples before this round (for choosing a latency threshold from past data). */
  readonly baselineBefore: HostSamples;
}

/** Runs due rounds and remembers what failed. */
export class Collector {
  private readonly lastAt = new Map<string, number>();
  private readonly previous = new Map<string, Map<string, readonly PromSample[]>>();
  private readonly failures = new Map<string, string[]>();

  constructor(
    private readonly tp: TelemetryPlan,
    private readonly sources: ReadonlyMap<string, OpenSource>,
    private readonly series: SeriesStore,
    /** Prometheus' `instance` label of a host, as the named source's targets carry it. */
    private readonly instanceOf: (host: string, source: string) => string | undefined,
  ) {}

  /** Why the source's last round lacked data (one sentence per failing host, at most a few). */
  problems(source: string): readonly string[] {
    const open = this.sources.get(source);
    return [...(open?.problem ? [open.problem] : []), ...(this.failures.get(source) ?? [])];
  }

  /** The followed logs of the first logs source, if any. */
  logWatch(): OpenSource['logs'] {
    return [...this.sources.values()].find((s) => s.logs !== undefined)?.logs;
  }

  /** Stops log follows. */
  async close(): Promise<void> {
    for (const s of this.sources.values()) {
      s.cloudwatch?.close();
    }
    await Promise.all([...this.sources.values()].map((s) => s.logs?.close()));
  }

  /** Interval of a metric's source (ms), or 1 s when the source is unknown. */
  intervalOf(metric: string): number {
    const m = this.tp.metrics.get(metric);
    return (m ? this.sources.get(m.source)?.intervalMs : undefined) ?? 1000;
  }

  /**
   * Collects every source whose interval has come, for `metrics`. Calls `onRound` for each
   * metric observed on both sides this round.
   */
  async collect(
    now: number,
    scopes: CollectScopes,
    metrics: ReadonlySet<string>,
    onRound: (metric: string, o: RoundObservation) => void,
  ): Promise<void> {
    const due = [...this.sources.values()].filter((s) => {
      const last = this.lastAt.get(s.name);
      // 10% slack: the engine's 1 s timer must not skip every other 1 s scrape.
      return last === undefined || now - last >= s.intervalMs * 0.9;
    });
    await Promise.all(
      due.map(async (src) => {
        const wanted = [...metrics]
          .map((m) => this.tp.metrics.get(m))
          .filter((m): m is ResolvedMetric => m !== undefined && m.source === src.name);
        // A logs source runs even when no metric reads it: its signatures feed the summary.
        if (wanted.length === 0 && src.kind !== 'logs') {
          return;
        }
        this.lastAt.set(src.name, now);
        await this.round(src, wanted, scopes, onRound, now);
      }),
    );
  }

  private async round(
    src: OpenSource,
    metrics: readonly ResolvedMetric[],
    scopes: CollectScopes,
    onRound: (metric: string, o: RoundObservation) => void,
    now: number,
  ): Promise<void> {
    const failures: string[] = [];
    const sampled = metrics.filter(
      (m): m is Exclude<ResolvedMetric, { kind: 'promql' }> => m.kind !== 'promql',
    );
    if ((sampled.length > 0 || src.kind === 'logs') && src.fetch !== null) {
      // Log follows hold a channel each: the ring first, then a handful of baseline hosts.
      const baseline = src.kind === 'logs' ? spread(scopes.baselineHosts, 5) : scopes.baselineHosts;
      const hosts = [...new Set([...scopes.ringHosts, ...(scopes.anchorHosts ?? []), ...baseline])];
      const r = await src.fetch(hosts);
      const before = this.previous.get(src.name) ?? new Map<string, readonly PromSample[]>();
      const prevAt = before.size > 0 ? (this.lastAt.get(`${src.name}:round`) ?? r.atMs) : r.atMs;
      const seconds = Math.max(0.001, (r.atMs - prevAt) / 1000);
      for (const m of sampled) {
        const ring = observeScope(m, before, r.samples, scopes.ringHosts, r.atMs, seconds);
        const baseline = observeScope(m, before, r.samples, scopes.baselineHosts, r.atMs, seconds);
        this.append(m.name, scopes.ring, ring, baseline, scopes.platformMetrics.has(m.name));
        onRound(m.name, { atMs: r.atMs, ring, baseline, baselineBefore: before });
      }
      const next = new Map(before);
      for (const [h, s] of r.samples) {
        next.set(h, s);
      }
      this.previous.set(src.name, next);
      this.lastAt.set(`${src.name}:round`, r.atMs);
      const errs = [...r.errors.values()];
      if (errs.length > 0) {
        failures.push(
          `${errs[0] ?? ''}${errs.length > 1 ? ` (+${errs.length - 1} more hosts)` : ''}`,
        );
      }
    }
    for (const m of metrics) {
      if (m.kind === 'promql' && src.prometheus !== null) {
        failures.push(...(await this.promql(src, m, scopes, now)));
      }
    }
    this.failures.set(src.name, failures.slice(0, 3));
  }

  private append(
    metric: string,
    ring: string | null,
    r: ScopeObservation,
    b: ScopeObservation,
    platform: boolean,
  ): void {
    // The platform scope exists for platform gates only; charting it for every metric showed
    // operators a "platform" line no gate of theirs was watching.
    if (ring === null) {
      if (b.point && platform) {
        this.series.append(metric, PLATFORM_SCOPE, b.point);
      }
      return;
    }
    if (r.point) {
      this.series.append(metric, ring, r.point);
    }
    if (b.point) {
      this.series.append(metric, baselineScope(ring), b.point);
    }
    if (platform && (r.point || b.point)) {
      // Platform gates on a host metric see the whole sample: ring and baseline together.
      const both = [r.point, b.point].filter((p) => p !== undefined);
      const n = both.reduce((s, p) => s + (p.n ?? 1), 0);
      const v = both.reduce((s, p) => s + p.v * (p.n ?? 1), 0) / Math.max(n, 1e-9);
      const t = both[0]?.t ?? 0;
      this.series.append(metric, PLATFORM_SCOPE, { t, v, n });
    }
  }

  private async promql(
    src: OpenSource,
    m: Extract<ResolvedMetric, { kind: 'promql' }>,
    scopes: CollectScopes,
    now: number,
  ): Promise<string[]> {
    const client = src.prometheus;
    if (client === null) {
      return [];
    }
    const scopeOf = (hosts: readonly string[]): QueryScope | undefined =>
      hosts.length === 0
        ? undefined
        : {
            hosts,
            instances: hosts.flatMap((h) => {
              const inst = this.instanceOf(h, src.name);
              return inst === undefined ? [] : [inst];
            }),
            ...(scopes.labels ? { labels: scopes.labels } : {}),
          };
    const ringScope = scopeOf(scopes.ringHosts);
    const baseScope = scopeOf(scopes.baselineHosts);
    const jobs: { scope: string; template: string; ctx: Parameters<typeof renderQuery>[1] }[] = [];
    if (scopes.ring === null || scopes.platformMetrics.has(m.name)) {
      const ctx = { ring: baseScope ?? { hosts: [], instances: [] }, vars: scopes.vars };
      jobs.push({ scope: PLATFORM_SCOPE, template: m.query, ctx });
    } else {
      if (ringScope !== undefined) {
        jobs.push({
          scope: scopes.ring,
          template: m.query,
          ctx: {
            ring: ringScope,
            ...(baseScope ? { baseline: baseScope } : {}),
            vars: scopes.vars,
          },
        });
      }
      if (baseScope !== undefined) {
        // Without a baselineQuery the ring's query is asked about the baseline hosts.
        jobs.push({
          scope: baselineScope(scopes.ring),
          template: m.baselineQuery ?? m.query,
          ctx: {
            ring: m.baselineQuery === undefined ? baseScope : (ringScope ?? baseScope),
            baseline: baseScope,
            vars: scopes.vars,
          },
        });
      }
    }
    const problems: string[] = [];
    for (const j of jobs) {
      const q = renderQuery(j.template, j.ctx);
      if (!q.ok) {
        problems.push(`${m.name}: ${q.message}`);
        continue;
      }
      const r = await client.queryValue(q.query);
      if (r.ok) {
        // Our clock, not Prometheus' evaluation time: windows and staleness use our clock.
        this.series.append(m.name, j.scope, { t: now, v: r.value, n: 1 });
      } else {
        problems.push(`${m.name}: ${r.error.message}`);
      }
    }
    return problems;
  }
}
