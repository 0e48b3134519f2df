import { z } from 'zod';
import { byKind, duration, int, name, strict, port } from './schema-common';
import { awsRegions } from './schema-aws';

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

export const sourceKinds = [
  'scrape',
  'prometheus',
  'http-probe',
  'ssh-probe',
  'logs',
  'cloudwatch',
] as const;

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
  /** CloudWatch GetMetricData per instance (host label aws.instanceId, region aws.region). */
  strict({
    name,
    kind: z.literal('cloudwatch'),
    interval: duration,
    /** A profile of ~/.aws/config; the SDK's default chain when absent. */
    profile: z.string().min(1).optional(),
  }),
]);

/** A Prometheus series selector such as `http_requests_total{code=~"5.."}`. */
export const seriesSelector = z
  .string()
  .regex(
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{\s*([a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"\s*(,\s*)?)*\})?$/,
    { error: 'expected a series selector like http_requests_total{code=~"5.."}' },
  );

export const metricKinds = ['ratio', 'rate', 'quantile', 'gauge', 'promql', 'cloudwatch'] as const;

/** CloudWatch's statistics: SampleCount, Sum, Average, Minimum, Maximum, or a percentile pNN. */
export const cloudwatchStat = z
  .string()
  .regex(/^(SampleCount|Sum|Average|Minimum|Maximum|p(\d{1,2}(\.\d{1,2})?|100))$/, {
    error: 'expected SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p99',
  });

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
    kind: z.literal('cloudwatch'),
    /** The metric, read per instance (dimension InstanceId = the host's aws.instanceId). */
    cloudwatch: strict({
      namespace: z.string().min(1),
      metricName: z.string().min(1),
      stat: cloudwatchStat,
      period: int(1).refine((p) => [1, 5, 10, 30].includes(p) || p % 60 === 0, {
        error: 'expected a period in seconds of 1, 5, 10, 30 or a multiple of 60',
      }),
      /** Region of every host (default: each host's aws.region label). */
      region: awsRegions.element.optional(),
    }),
  }),
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

export const gateKinds = ['threshold', 'baseline', 'sequential', 'cloudwatch-alarms'] as const;

const alarmName = z.string().min(1).max(255);

/**
 * `alarms:` of a cloudwatch-alarms gate: which CloudWatch metric alarms it watches (by exact
 * names, or every alarm whose name starts with a prefix) in which regions, and the profile
 * of ~/.aws/config whose credentials read them (the SDK's default chain when absent).
 */
export const cloudwatchAlarmsSchema = strict({
  names: z
    .array(alarmName, { error: 'expected a list of alarm names' })
    .min(1, { error: 'expected at least one alarm name' })
    .max(100, { error: 'expected at most 100 alarm names (DescribeAlarms takes 100)' })
    .optional(),
  prefix: alarmName.optional(),
  regions: awsRegions,
  profile: z.string().min(1).optional(),
}).refine((a) => (a.names === undefined) !== (a.prefix === undefined), {
  error: 'expected exactly one of names: [ALARM, ...] or prefix: TEXT',
});

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
    name,
    kind: z.literal('cloudwatch-alarms'),
    /** Platform: a failure pauses the rollout whatever ring is active; else it halts its ring. */
    platform: z.boolean().optional(),
    alarms: cloudwatchAlarmsSchema,
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
/** A gate read from a metric (every kind but cloudwatch-alarms). */
export type MetricGateDoc = Exclude<GateDoc, { kind: 'cloudwatch-alarms' }>;
export type AlarmGateDoc = Extract<GateDoc, { kind: 'cloudwatch-alarms' }>;
