import { z } from 'zod';
import { byKind, duration, int, name, strict, port } from './schema-common';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  error: 'expected the NAME of an environment variable holding the token (never the token)',
});

// No user:password@ in URLs: the URL lands in journals, evidence and exports; credentials
// belong in an environment variable named by tokenEnv.
const url = z
  .string()
  .regex(/^https?:\/\/\S+$/, { error: 'expected an http(s) URL' })
  .refine((u) => !/^https?:\/\/[^/?#]*@/.test(u), {
    error:
      'expected a URL without user:password@ (put the credential in an env var named by tokenEnv)',
  });

export const sourceKinds = ['scrape', 'prometheus', 'http-probe', 'ssh-probe', 'logs'] as const;

export const sourceSchema = byKind('a telemetry source', sourceKinds, [
  strict({
    name,
    kind: z.literal('scrape'),
    port: port,
    path: z.string().startsWith('/').optional(),
    interval: duration,
  }),
  strict({
    name,
    kind: z.literal('prometheus'),
    url,
    interval: duration,
    tokenEnv: envName.optional(),
    /** Port of the targets' `instance` label, for {{ring.instances}} (default: the scrape port). */
    instancePort: int(1).max(65535).optional(),
  }),
  strict({
    name,
    kind: z.literal('http-probe'),
    url,
    interval: duration,
    expectStatus: int(100).optional(),
  }),
  strict({ name, kind: z.literal('ssh-probe'), command: z.string().min(1), interval: duration }),
  strict({
    name,
    kind: z.literal('logs'),
    unit: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    patterns: z.array(z.string().min(1)).min(1),
    traceId: z.string().optional(),
    interval: duration.optional(),
  }),
]);

/** A Prometheus series selector such as `http_requests_total{code=~"5.."}`. */
export const seriesSelector = z
  .string()
  .regex(
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{\s*([a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"\s*(,\s*)?)*\})?$/,
    { error: 'expected a series selector like http_requests_total{code=~"5.."}' },
  );

export const metricKinds = ['ratio', 'rate', 'quantile', 'gauge', 'promql'] as const;

export const metricSchema = byKind('a metric', metricKinds, [
  strict({
    name,
    source: name,
    kind: z.literal('ratio'),
    numerator: seriesSelector,
    denominator: seriesSelector,
  }),
  strict({ name, source: name, kind: z.literal('rate'), selector: seriesSelector }),
  strict({
    name,
    source: name,
    kind: z.literal('quantile'),
    histogram: seriesSelector,
    q: z.number().gt(0).lt(1, { error: 'expected a quantile in (0, 1), e.g. 0.99' }),
  }),
  strict({ name, source: name, kind: z.literal('gauge'), selector: seriesSelector }),
  strict({
    name,
    source: name,
    kind: z.literal('promql'),
    query: z.string().min(1),
    baselineQuery: z.string().min(1).optional(),
  }),
]);

export const telemetrySchema = strict({
  sources: z.array(sourceSchema).optional(),
  metrics: z.array(metricSchema).optional(),
});

const gateCommon = {
  name,
  metric: name,
  /** A platform gate watches what runs under the workload (host, kernel, network). */
  platform: z.boolean().optional(),
  minSamples: int(1).optional(),
};

export const gateKinds = ['threshold', 'baseline', 'sequential'] as const;

export const gateSchema = byKind('a gate', gateKinds, [
  strict({
    ...gateCommon,
    kind: z.literal('threshold'),
    op: z.enum(['<', '<=', '>', '>=']),
    limit: z.number(),
    window: duration,
  }),
  strict({
    ...gateCommon,
    kind: z.literal('baseline'),
    mode: z.enum(['ratio', 'difference']),
    tolerance: z.number().min(0),
    window: duration,
  }),
  strict({
    ...gateCommon,
    kind: z.literal('sequential'),
    alpha: z.number().gt(0).lt(1).optional(),
    delta: z.number().gt(0).optional(),
    test: z.enum(['counts', 'latency']),
  }),
]);

export type SourceDoc = z.infer<typeof sourceSchema>;
export type MetricDoc = z.infer<typeof metricSchema>;
export type TelemetryDoc = z.infer<typeof telemetrySchema>;
export type GateDoc = z.infer<typeof gateSchema>;
