/**
 * The plan's telemetry section resolved for the monitor: sources by name with their
 * intervals in ms, metrics with compiled selectors, and gates as core/gates specs.
 */
import { parseDuration } from '../duration';
import { gateSpecFromDoc } from '../gates/from-doc';
import type { GateSpec } from '../gates/gate-spec';
import { alarmGateSpecFromDoc, type AlarmGateSpec } from '../gates/alarm-gate';
import type { PlanDocument } from '../plan';
import type { MetricDoc, SourceDoc } from '../plan/schema-telemetry';
import { compileSelector, type LabelMatcher, type SamplePredicate } from './prom-select';
import { parseSelector } from './selector';

/** A selector compiled to a predicate, with the metric name it selects. */
export interface CompiledSelector {
  readonly text: string;
  readonly name: string;
  readonly test: Extract<SamplePredicate, { ok: true }>['test'];
  readonly matchers: readonly LabelMatcher[];
}

/** A metric ready to compute. */
export type ResolvedMetric =
  | {
      readonly kind: 'ratio';
      readonly name: string;
      readonly source: string;
      readonly numerator: CompiledSelector;
      readonly denominator: CompiledSelector;
    }
  | {
      readonly kind: 'rate';
      readonly name: string;
      readonly source: string;
      readonly selector: CompiledSelector;
    }
  | {
      readonly kind: 'gauge';
      readonly name: string;
      readonly source: string;
      readonly selector: CompiledSelector;
      /**
       * A cloudwatch metric: each host's newest datapoint arrives as the sample
       * `aws_cloudwatch{metric="NAME"}`, and the scope's value is the mean over hosts.
       */
      readonly cloudwatch?: CloudWatchMetricRef;
    }
  | {
      readonly kind: 'quantile';
      readonly name: string;
      readonly source: string;
      readonly histogram: string;
      readonly matchers: CompiledSelector['matchers'];
      readonly q: number;
    }
  | {
      readonly kind: 'promql';
      readonly name: string;
      readonly source: string;
      readonly query: string;
      readonly baselineQuery?: string;
    };

/** What a cloudwatch metric reads per instance. */
export interface CloudWatchMetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly period: number;
  readonly region?: string;
}

/** The per-host sample a cloudwatch metric's source produces. */
export const CLOUDWATCH_SAMPLE = 'aws_cloudwatch';

/** The resolved telemetry section. */
export interface TelemetryPlan {
  readonly sources: ReadonlyMap<string, SourceDoc & { readonly intervalMs: number }>;
  readonly metrics: ReadonlyMap<string, ResolvedMetric>;
  readonly gates: ReadonlyMap<string, GateSpec>;
  /** CloudWatch alarm gates: read from DescribeAlarms, not from a metric. */
  readonly alarmGates: ReadonlyMap<string, AlarmGateSpec>;
  /** Bake phases per ring (when the plan writes the bake as {wait, healthyWithin, stayHealthy}). */
  readonly bakePhases: ReadonlyMap<string, BakePhases>;
}

/** Azure-style bake phases, in ms. */
export interface BakePhases {
  readonly waitMs: number;
  readonly healthyWithinMs: number | null;
}

function compile(text: string, where: string): CompiledSelector | string {
  const p = parseSelector(text);
  if (!p.ok) {
    return `${where}: ${p.message}`;
  }
  const c = compileSelector(p.name, p.matchers);
  if (!c.ok) {
    return `${where}: ${c.message}`;
  }
  return { text, name: p.name, test: c.test, matchers: p.matchers };
}

const DEFAULT_LOG_INTERVAL_MS = 10_000;

/** Resolves the document's telemetry and gates; problems are returned, never thrown. */
export function resolveTelemetry(
  doc: PlanDocument,
): { ok: true; value: TelemetryPlan } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const sources = new Map<string, SourceDoc & { intervalMs: number }>();
  for (const s of doc.telemetry?.sources ?? []) {
    const interval =
      s.kind === 'logs' ? (s.interval ?? null) : (s as { interval: string }).interval;
    const ms = interval === null ? DEFAULT_LOG_INTERVAL_MS : parseDuration(interval);
    if (ms === null || ms === undefined || ms <= 0) {
      problems.push(`telemetry.sources ${s.name}: interval must be a positive duration`);
      continue;
    }
    sources.set(s.name, { ...s, intervalMs: ms });
  }
  const metrics = new Map<string, ResolvedMetric>();
  for (const m of doc.telemetry?.metrics ?? []) {
    const r = resolveMetric(m);
    if (typeof r === 'string') {
      problems.push(r);
    } else {
      metrics.set(m.name, r);
    }
  }
  const gates = new Map<string, GateSpec>();
  const alarmGates = new Map<string, AlarmGateSpec>();
  for (const g of doc.gates ?? []) {
    if (g.kind === 'cloudwatch-alarms') {
      alarmGates.set(g.name, alarmGateSpecFromDoc(g));
      continue;
    }
    const r = gateSpecFromDoc(g);
    if (!r.ok) {
      problems.push(r.message);
    } else {
      gates.set(g.name, r.spec);
    }
  }
  const bakePhases = new Map<string, BakePhases>();
  for (const r of doc.rings) {
    if (typeof r.bake !== 'string') {
      bakePhases.set(r.name, {
        waitMs: parseDuration(r.bake.wait) ?? 0,
        healthyWithinMs:
          r.bake.healthyWithin === undefined ? null : (parseDuration(r.bake.healthyWithin) ?? 0),
      });
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { sources, metrics, gates, alarmGates, bakePhases } };
}

function resolveMetric(m: MetricDoc): ResolvedMetric | string {
  const where = `telemetry.metrics ${m.name}`;
  switch (m.kind) {
    case 'ratio': {
      const numerator = compile(m.numerator, `${where} numerator`);
      const denominator = compile(m.denominator, `${where} denominator`);
      if (typeof numerator === 'string') {
        return numerator;
      }
      if (typeof denominator === 'string') {
        return denominator;
      }
      return { kind: 'ratio', name: m.name, source: m.source, numerator, denominator };
    }
    case 'rate':
    case 'gauge': {
      const selector = compile(m.selector, where);
      return typeof selector === 'string'
        ? selector
        : { kind: m.kind, name: m.name, source: m.source, selector };
    }
    case 'quantile': {
      const p = parseSelector(m.histogram);
      if (!p.ok) {
        return `${where}: ${p.message}`;
      }
      return {
        kind: 'quantile',
        name: m.name,
        source: m.source,
        histogram: p.name,
        matchers: p.matchers,
        q: m.q,
      };
    }
    case 'cloudwatch': {
      const selector = compile(`${CLOUDWATCH_SAMPLE}{metric="${m.name}"}`, where);
      return typeof selector === 'string'
        ? selector
        : { kind: 'gauge', name: m.name, source: m.source, selector, cloudwatch: m.cloudwatch };
    }
    case 'promql':
      return {
        kind: 'promql',
        name: m.name,
        source: m.source,
        query: m.query,
        ...(m.baselineQuery !== undefined ? { baselineQuery: m.baselineQuery } : {}),
      };
    default: {
      const never: never = m;
      return `${where}: unknown metric kind ${JSON.stringify(never)}`;
    }
  }
}
