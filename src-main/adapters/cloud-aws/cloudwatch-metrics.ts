/**
 * CloudWatch metrics per instance: GetMetricData with one MetricStat query per (metric,
 * instance), up to 500 queries a call (the API's limit), every page, grouped by region; the
 * newest datapoint of each query is its value. Credentials and endpoint as the EC2 inventory
 * gets them; each failing region is one line in the API's words.
 */
import {
  CloudWatchClient,
  paginateGetMetricData,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { defaultChain } from './lazy-sdk';
import { describeFailure, type AwsCall } from './aws-errors';
import type { AwsAccess } from './ec2-inventory';

const GET_METRIC_DATA: AwsCall = {
  service: 'CloudWatch',
  operation: 'GetMetricData',
  action: 'cloudwatch:GetMetricData',
  checkHint: 'check the metric (namespace, metricName, stat, period)',
};

/** GetMetricData's limit of queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

/** One value to read: a metric of one instance. */
export interface InstanceMetricQuery {
  /** Caller's key for the answer. */
  readonly key: string;
  readonly region: string;
  readonly instanceId: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly period: number;
}

export interface InstanceMetricValues {
  /** key -> newest value; keys without a datapoint in the window are absent. */
  readonly values: Map<string, number>;
  /** One line per region that could not be read. */
  readonly errors: string[];
  /** GetMetricData calls made (a page is a call). */
  readonly calls: number;
}

export interface CloudWatchMetricReader {
  /** Newest datapoints of the last three periods of each query, as of `nowMs`. */
  read(queries: readonly InstanceMetricQuery[], nowMs: number): Promise<InstanceMetricValues>;
  close(): void;
}

/** A reader through the official SDK; `access` only for the dress rehearsal's simulated account. */
export function createCloudWatchMetricReader(
  access?: AwsAccess,
  profile?: string,
): CloudWatchMetricReader {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = new Map<string, CloudWatchClient>();
  const clientFor = (region: string): CloudWatchClient => {
    const found = clients.get(region);
    if (found) {
      return found;
    }
    const c = new CloudWatchClient({
      region,
      credentials: access?.credentials ?? defaultChain(profile),
      maxAttempts: 4,
      retryMode: 'standard',
      ...(access ? { endpoint: access.endpoint } : {}),
    });
    clients.set(region, c);
    return c;
  };
  return {
    read: async (queries, nowMs) => {
      const values = new Map<string, number>();
      const errors: string[] = [];
      let calls = 0;
      const byRegion = new Map<string, InstanceMetricQuery[]>();
      for (const q of queries) {
        byRegion.set(q.region, [...(byRegion.get(q.region) ?? []), q]);
      }
      await Promise.all(
        [...byRegion].map(async ([region, qs]) => {
          try {
            for (let i = 0; i < qs.length; i += MAX_QUERIES_PER_CALL) {
              const batch = qs.slice(i, i + MAX_QUERIES_PER_CALL);
              const longest = Math.max(...batch.map((q) => q.period));
              const ids = new Map(batch.map((q, j) => [`q${j}`, q.key]));
              const input = {
                StartTime: new Date(nowMs - 3 * longest * 1000),
                EndTime: new Date(nowMs),
                ScanBy: 'TimestampDescending' as const,
                MetricDataQueries: batch.map((q, j): MetricDataQuery => ({
                  Id: `q${j}`,
                  MetricStat: {
                    Metric: {
                      Namespace: q.namespace,
                      MetricName: q.metricName,
                      Dimensions: [{ Name: 'InstanceId', Value: q.instanceId }],
                    },
                    Period: q.period,
                    Stat: q.stat,
                  },
                })),
              };
              for await (const page of paginateGetMetricData(
                { client: clientFor(region) },
                input,
              )) {
                calls++;
                for (const r of page.MetricDataResults ?? []) {
                  const key = ids.get(r.Id ?? '');
                  const v = r.Values?.[0];
                  // Newest first: the first datapoint of a query's first page is its value.
                  if (key !== undefined && v !== undefined && !values.has(key)) {
                    values.set(key, v);
                  }
                }
              }
            }
          } catch (e) {
            const endpoint = access?.endpoint ?? `monitoring.${region}.amazonaws.com`;
            errors.push(
              `${region}: ${describeFailure(e, { region, profile, endpoint, call: GET_METRIC_DATA })}`,
            );
          }
        }),
      );
      return { values, errors, calls };
    },
    close: () => {
      for (const c of clients.values()) {
        c.destroy();
      }
      clients.clear();
    },
  };
}
