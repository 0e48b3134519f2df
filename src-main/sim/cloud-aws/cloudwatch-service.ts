/**
 * The simulated CloudWatch (the SDK's AWS JSON 1.0 protocol with awsQuery compatibility:
 * `X-Amz-Target: GraniteServiceVersion20100801.*`, timestamps as epoch seconds, errors with an
 * `x-amzn-query-error: Code;Sender` header): GetMetricData (MetricStat queries, up to 500 per
 * call, newest first, MaxDatapoints/NextToken paging) and DescribeAlarms (names or prefix,
 * StateValue, MaxRecords/NextToken paging). Metrics and alarms: ./cloudwatch-metrics.ts and
 * ./cloudwatch-alarms.ts.
 */
import type { ServerResponse } from 'node:http';
import { isKnownStat, statistic, type Dimension, type MetricRecorder } from './cloudwatch-metrics';
import type { AlarmState, SimAlarms } from './cloudwatch-alarms';

export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801';

export interface CloudWatchAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The awsQuery error code, for the `x-amzn-query-error` header. */
  readonly queryError?: string;
}

function err(code: string, message: string, status = 400): CloudWatchAnswer {
  const type = code.endsWith('Exception') || code === 'Throttling' ? code : `${code}Exception`;
  return {
    status,
    body: { __type: `com.amazonaws.cloudwatch#${type}`, message },
    queryError: `${code};Sender`,
  };
}

const MAX_QUERIES = 500;
const MAX_DATAPOINTS = 100_800;

interface Query {
  readonly id: string;
  readonly label: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Dimension[];
  readonly period: number;
  readonly stat: string;
}

function rec(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : {};
}

function readQuery(q: unknown, i: number): Query | string {
  const at = `MetricDataQueries.member.${i + 1}`;
  const r = rec(q);
  const id = r.Id;
  if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]{0,254}$/.test(id)) {
    return `The value ${String(id)} for parameter ${at}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`;
  }
  if (r.Expression !== undefined) {
    return `${at}: metric math Expression is not supported by the simulator; use MetricStat.`;
  }
  const ms = rec(r.MetricStat);
  const m = rec(ms.Metric);
  if (typeof m.Namespace !== 'string' || typeof m.MetricName !== 'string') {
    return `${at}: Exactly one element of the Expression or MetricStat fields must be set.`;
  }
  const period = ms.Period;
  if (
    typeof period !== 'number' ||
    !Number.isInteger(period) ||
    !([1, 5, 10, 30].includes(period) || (period >= 60 && period % 60 === 0))
  ) {
    return `The value ${String(period)} for parameter ${at}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`;
  }
  if (typeof ms.Stat !== 'string' || !isKnownStat(ms.Stat)) {
    return `The value ${String(ms.Stat)} for parameter ${at}.MetricStat.Stat is not a valid statistic.`;
  }
  const dims = Array.isArray(m.Dimensions) ? m.Dimensions.map(rec) : [];
  return {
    id,
    label: typeof r.Label === 'string' ? r.Label : m.MetricName,
    namespace: m.Namespace,
    metric: m.MetricName,
    dimensions: dims.map((d) => ({ Name: String(d.Name), Value: String(d.Value) })),
    period,
    stat: ms.Stat,
  };
}

function token(o: Record<string, number>): string {
  return Buffer.from(JSON.stringify(o), 'utf8').toString('base64');
}

function untoken(t: unknown, keys: readonly string[]): Record<string, number> | null {
  if (typeof t !== 'string') {
    return null;
  }
  try {
    const o = rec(JSON.parse(Buffer.from(t, 'base64').toString('utf8')));
    return keys.every(
      (k) => typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0,
    )
      ? (o as Record<string, number>)
      : null;
  } catch {
    return null;
  }
}

/** The CloudWatch side of the simulated account. */
export class SimCloudWatch {
  constructor(
    private readonly metrics: MetricRecorder,
    private readonly alarms: SimAlarms,
    private readonly now: () => number,
  ) {}

  handle(target: string, region: string, input: Record<string, unknown>): CloudWatchAnswer {
    switch (target) {
      case `${CLOUDWATCH_TARGET}.GetMetricData`:
        return this.getMetricData(region, input);
      case `${CLOUDWATCH_TARGET}.DescribeAlarms`:
        return this.describeAlarms(region, input);
      default:
        return err('InvalidAction', `Operation ${target} is not supported by the simulator.`);
    }
  }

  private getMetricData(region: string, input: Record<string, unknown>): CloudWatchAnswer {
    const raw = Array.isArray(input.MetricDataQueries) ? input.MetricDataQueries : [];
    if (raw.length === 0 || raw.length > MAX_QUERIES) {
      return err(
        'ValidationError',
        `The collection MetricDataQueries must not be empty and must not have a size greater than ${MAX_QUERIES}.`,
      );
    }
    const queries: Query[] = [];
    for (const [i, q] of raw.entries()) {
      const r = readQuery(q, i);
      if (typeof r === 'string') {
        return err('InvalidParameterValue', r);
      }
      if (queries.some((x) => x.id === r.id)) {
        return err(
          'ValidationError',
          `The values for parameter Id in MetricDataQueries are not unique (${r.id}).`,
        );
      }
      queries.push(r);
    }
    const start = input.StartTime;
    const end = input.EndTime;
    if (typeof start !== 'number' || typeof end !== 'number' || !(start < end)) {
      return err(
        'ValidationError',
        'The parameter StartTime must be less than the parameter EndTime.',
      );
    }
    const max =
      typeof input.MaxDatapoints === 'number' && input.MaxDatapoints > 0
        ? Math.min(input.MaxDatapoints, MAX_DATAPOINTS)
        : MAX_DATAPOINTS;
    const ascending = input.ScanBy === 'TimestampAscending';
    const from =
      input.NextToken === undefined ? { q: 0, o: 0 } : untoken(input.NextToken, ['q', 'o']);
    if (from === null) {
      return err('InvalidNextToken', 'The service found the NextToken to be invalid.');
    }
    const { q: firstQuery = 0, o: firstOffset = 0 } = from;
    let budget = max;
    const results: unknown[] = [];
    let next: string | undefined;
    for (let qi = firstQuery; qi < queries.length; qi++) {
      const q = queries[qi];
      if (q === undefined) {
        break;
      }
      const points = this.metrics
        .points(region, q.namespace, q.metric, q.dimensions, q.period, start * 1000, end * 1000)
        .map((p) => ({ t: p.start / 1000, v: statistic(q.stat, p.values) }))
        .filter((p): p is { t: number; v: number } => p.v !== undefined);
      if (!ascending) {
        points.reverse();
      }
      const offset = qi === firstQuery ? firstOffset : 0;
      const page = points.slice(offset, offset + budget);
      budget -= page.length;
      const more = offset + page.length < points.length;
      results.push({
        Id: q.id,
        Label: q.label,
        Timestamps: page.map((p) => p.t),
        Values: page.map((p) => p.v),
        StatusCode: more ? 'PartialData' : 'Complete',
      });
      if (more) {
        next = token({ q: qi, o: offset + page.length });
        break;
      }
      if (budget === 0 && qi + 1 < queries.length) {
        next = token({ q: qi + 1, o: 0 });
        break;
      }
    }
    return {
      status: 200,
      body: { MetricDataResults: results, Messages: [], ...(next ? { NextToken: next } : {}) },
    };
  }

  private describeAlarms(region: string, input: Record<string, unknown>): CloudWatchAnswer {
    const names = Array.isArray(input.AlarmNames) ? input.AlarmNames.map(String) : undefined;
    const prefix = typeof input.AlarmNamePrefix === 'string' ? input.AlarmNamePrefix : undefined;
    if (names !== undefined && prefix !== undefined) {
      return err(
        'InvalidParameterCombination',
        'AlarmNames and AlarmNamePrefix cannot be used together.',
      );
    }
    if (names !== undefined && names.length > 100) {
      return err(
        'ValidationError',
        'The collection AlarmNames must not have a size greater than 100.',
      );
    }
    const state = input.StateValue;
    if (state !== undefined && !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(String(state))) {
      return err(
        'ValidationError',
        `1 validation error detected: Value '${String(state)}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
      );
    }
    const maxRecords = input.MaxRecords;
    if (
      maxRecords !== undefined &&
      (typeof maxRecords !== 'number' || maxRecords < 1 || maxRecords > 100)
    ) {
      return err(
        'ValidationError',
        `The value ${String(maxRecords)} for parameter MaxRecords must be between 1 and 100.`,
      );
    }
    const size = typeof maxRecords === 'number' ? maxRecords : 50;
    const from = input.NextToken === undefined ? { o: 0 } : untoken(input.NextToken, ['o']);
    if (from === null) {
      return err('InvalidNextToken', 'The service found the NextToken to be invalid.');
    }
    const now = this.now();
    const matching = this.alarms
      .evaluate(now)
      .filter(
        (a) =>
          a.def.region === region &&
          (names === undefined || names.includes(a.def.AlarmName)) &&
          (prefix === undefined || a.def.AlarmName.startsWith(prefix)) &&
          (state === undefined || a.state === (state as AlarmState)),
      );
    const o = from.o ?? 0;
    const page = matching.slice(o, o + size);
    const next = o + size < matching.length ? token({ o: o + size }) : undefined;
    return {
      status: 200,
      body: {
        MetricAlarms: page.map(({ def: { region: _region, ...def }, ...a }) => ({
          ...def,
          AlarmArn: `arn:aws:cloudwatch:${region}:123456789012:alarm:${def.AlarmName}`,
          ActionsEnabled: false,
          AlarmActions: [],
          OKActions: [],
          InsufficientDataActions: [],
          TreatMissingData: 'missing',
          StateValue: a.state,
          StateReason: a.reason,
          StateReasonData: a.reasonData,
          StateUpdatedTimestamp: a.updatedMs / 1000,
          StateTransitionedTimestamp: a.updatedMs / 1000,
          AlarmConfigurationUpdatedTimestamp: 0,
        })),
        CompositeAlarms: [],
        ...(next ? { NextToken: next } : {}),
      },
    };
  }
}

/** CloudWatch's awsQuery codes for the account-wide refusals the server makes (EC2's names in). */
const REFUSALS: Readonly<Record<string, readonly [string, number]>> = {
  AuthFailure: ['InvalidClientTokenId', 403],
  IncompleteSignature: ['IncompleteSignature', 400],
  MissingAuthenticationToken: ['MissingAuthenticationToken', 403],
  SignatureDoesNotMatch: ['SignatureDoesNotMatch', 403],
  RequestExpired: ['RequestExpired', 400],
  ExpiredToken: ['ExpiredToken', 403],
  UnauthorizedOperation: ['AccessDenied', 403],
  RequestLimitExceeded: ['Throttling', 400],
};

/** A refusal the server decided (signature, credentials, fault) in CloudWatch's words. */
export function cloudWatchRefusal(code: string, message: string): CloudWatchAnswer {
  const [cw, status] = REFUSALS[code] ?? [code, 400];
  return err(cw, message, status);
}

/** Writes an answer as CloudWatch's JSON 1.0 endpoint does. */
export function writeCloudWatch(
  res: ServerResponse,
  a: CloudWatchAnswer,
  nowMs: number,
  requestId: string,
): void {
  res.writeHead(a.status, {
    'content-type': 'application/x-amz-json-1.0',
    date: new Date(nowMs).toUTCString(),
    'x-amzn-requestid': requestId,
    ...(a.queryError ? { 'x-amzn-query-error': a.queryError } : {}),
  });
  res.end(JSON.stringify(a.body));
}
