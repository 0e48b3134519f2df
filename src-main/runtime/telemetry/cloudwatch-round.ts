/**
 * One round of a cloudwatch source: every cloudwatch metric of the source for every host
 * asked (dimension InstanceId = the host's aws.instanceId label, region its aws.region or the
 * metric's own), read with GetMetricData in batches of 500, each host's newest datapoint
 * becoming the per-host sample `aws_cloudwatch{metric="NAME"}` that the gauge arithmetic
 * averages over a scope: ring vs baseline exactly as scraped hosts. No datapoint is no data.
 */
import type { Host } from '../../core/model/host';
import type { PromSample } from '../../core/telemetry/prom-text';
import { CLOUDWATCH_SAMPLE, type ResolvedMetric } from '../../core/telemetry/telemetry-plan';
import type {
  CloudWatchMetricReader,
  InstanceMetricQuery,
} from '../../adapters/cloud-aws/cloudwatch-metrics';
import type { RoundFetcher } from './host-rounds';

/** The fetcher of a cloudwatch source whose metrics are `metrics`. */
export function cloudwatchFetcher(
  reader: CloudWatchMetricReader,
  metrics: readonly ResolvedMetric[],
  hosts: ReadonlyMap<string, Host>,
  clock: () => number,
): RoundFetcher {
  const cw = metrics.flatMap((m) =>
    m.kind === 'gauge' && m.cloudwatch !== undefined ? [{ name: m.name, ref: m.cloudwatch }] : [],
  );
  return async (names) => {
    const atMs = clock();
    const errors = new Map<string, string>();
    const queries: InstanceMetricQuery[] = [];
    const regionOf = new Map<string, string[]>();
    for (const name of names) {
      const h = hosts.get(name);
      const id = h?.labels['aws.instanceId'];
      if (h === undefined || id === undefined) {
        errors.set(name, `${name}: no aws.instanceId label (CloudWatch reads EC2 instances)`);
        continue;
      }
      for (const m of cw) {
        const region = m.ref.region ?? h.labels['aws.region'];
        if (region === undefined) {
          errors.set(name, `${name}: no aws.region label and the metric names no region`);
          continue;
        }
        regionOf.set(name, [...(regionOf.get(name) ?? []), region]);
        queries.push({
          key: `${name}\u0000${m.name}`,
          region,
          instanceId: id,
          namespace: m.ref.namespace,
          metricName: m.ref.metricName,
          stat: m.ref.stat,
          period: m.ref.period,
        });
      }
    }
    const read = await reader.read(queries, atMs);
    const samples = new Map<string, PromSample[]>();
    for (const q of queries) {
      const v = read.values.get(q.key);
      const [host = '', metric = ''] = q.key.split('\u0000');
      if (v === undefined) {
        continue;
      }
      samples.set(host, [
        ...(samples.get(host) ?? []),
        { name: CLOUDWATCH_SAMPLE, labels: { metric }, value: v, timestampMs: atMs },
      ]);
    }
    for (const name of names) {
      if (samples.has(name) || errors.has(name)) {
        continue;
      }
      const regions = regionOf.get(name) ?? [];
      const failed = read.errors.find((e) => regions.some((r) => e.startsWith(`${r}: `)));
      errors.set(name, failed ?? `${name}: no CloudWatch datapoint in the last three periods`);
    }
    return { atMs, samples, errors };
  };
}
