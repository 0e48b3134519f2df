/**
 * CloudWatch as a telemetry source: a `cloudwatch` metric read per instance (InstanceId =
 * the host's aws.instanceId) through the real SDK client against the simulated account,
 * aggregated ring vs baseline like scraped hosts, so a plain threshold gate judges it; and
 * GetMetricData batched at the API's 500 queries per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatchMetricReader } from '../../src-main/adapters/cloud-aws';
import {
  formatPlanError,
  parsePlanText,
  planFromText,
  type BuiltPlan,
} from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';
import { simAccountInstances, startSimAws, type SimAws } from '../../src-main/sim/cloud-aws';

const instances = simAccountInstances({ count: 3, regions: ['us-east-1'] });
const running = instances.filter((i) => i.state === 'running');
const counters = new Map(running.map((i) => [i.instanceId, { requests: 0, errors5xx: 0 }]));
const errorsPerSecond = new Map(running.map((i) => [i.instanceId, 1]));
const start = Math.ceil(Date.now() / 60_000) * 60_000;
const clock = { t: start };
let sim: SimAws;

function advance(seconds: number): void {
  for (let s = 0; s < seconds; s++) {
    clock.t += 1000;
    for (const [id, c] of counters) {
      c.requests += 100;
      c.errors5xx += errorsPerSecond.get(id) ?? 0;
    }
    sim.cloudwatch.metrics.tick();
  }
}

const PLAN = (hosts: string) => `release: { name: shop, version: '2', previous: '1' }
fleet:
  hosts:
${hosts}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 60s, gates: [cw-errors] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
telemetry:
  sources:
    - { name: cw, kind: cloudwatch, interval: 1s }
  metrics:
    - name: error_rate
      source: cw
      kind: cloudwatch
      cloudwatch: { namespace: Ringside/App, metricName: ErrorRate, stat: Average, period: 10 }
gates:
  - { name: cw-errors, metric: error_rate, kind: threshold, op: '<', limit: 0.02, window: 20s, minSamples: 1 }
`;

beforeAll(async () => {
  sim = await startSimAws({
    instances,
    now: () => clock.t,
    counters: (id) => {
      const c = counters.get(id);
      return c && { processStartMs: 0, latencySeconds: 0, ...c };
    },
  });
  sim.cloudwatch.metrics.tick();
});
afterAll(async () => {
  await sim.stop();
});

describe('cloudwatch metrics as a telemetry source', () => {
  it('reads each ring host by instance id and fails a threshold gate on the ring, not the baseline', async () => {
    const hosts = running
      .map(
        (i, k) =>
          `    - { name: h${k}, address: h${k}.test.invalid, labels: { aws.instanceId: ${i.instanceId}, aws.region: us-east-1 } }`,
      )
      .join('\n');
    const b = planFromText(PLAN(hosts), 'cw.yaml');
    if (!b.ok) {
      throw new Error(JSON.stringify(b.error));
    }
    const built: BuiltPlan = b.value;
    const h = new Harness(clock.t);
    h.must({ type: 'create', plan: built.plan, by: 'tester' });
    h.must({ type: 'start', by: 'tester' });
    h.settle();
    const canary = built.plan.rings[0]?.domains[0]?.hosts[0] ?? '';
    const canaryId = built.plan.hosts.find((x) => x.name === canary)?.labels['aws.instanceId'];
    errorsPerSecond.set(canaryId ?? '', 5);
    const m = monitorForPlan(built, {
      clock: () => clock.t,
      aws: { endpoint: sim.endpoint, credentials: sim.credentials },
    });
    let reading;
    for (let i = 0; i < 25; i++) {
      advance(1);
      const readings = await m.evaluate({
        state: h.state,
        ring: 'canary',
        gates: ['cw-errors'],
        now: clock.t,
      });
      reading = readings.find((r) => r.gate === 'cw-errors');
      if (reading?.outcome === 'fail') {
        break;
      }
    }
    await m.close();
    expect(reading?.outcome).toBe('fail');
    expect(reading?.evidence.ringValue).toBeCloseTo(0.05, 6);
    const series = m.telemetry?.series;
    const base = series?.window('error_rate', 'baseline:canary', clock.t - 20_000, clock.t) ?? [];
    expect(base.length).toBeGreaterThan(0);
    expect(base.every((p) => Math.abs(p.v - 0.01) < 1e-9)).toBe(true);
  });

  it('places a bad metric definition', () => {
    const r = parsePlanText(
      PLAN('    - { name: h0, address: h0.test.invalid }').replace('stat: Average', 'stat: Median'),
      'cw.yaml',
    );
    expect(r.ok ? [] : r.error.map(formatPlanError)).toEqual([
      expect.stringMatching(
        /^cw\.yaml:\d+:\d+: telemetry\.metrics\[0\]\.cloudwatch\.stat: expected SampleCount, Sum, Average, Minimum, Maximum or a percentile such as p99$/,
      ),
    ]);
  });

  it('batches 600 instance queries into two GetMetricData calls (500 is the limit)', async () => {
    const reader = createCloudWatchMetricReader({
      endpoint: sim.endpoint,
      credentials: sim.credentials,
    });
    const ids = running.map((i) => i.instanceId);
    const queries = Array.from({ length: 600 }, (_, k) => ({
      key: `k${k}`,
      region: 'us-east-1',
      instanceId: ids[k % ids.length] ?? '',
      namespace: 'Ringside/App',
      metricName: 'RequestCount',
      stat: 'Sum',
      period: 10,
    }));
    const r = await reader.read(queries, clock.t);
    reader.close();
    expect(r.errors).toEqual([]);
    expect(r.calls).toBe(2);
    expect(r.values.size).toBe(600);
  });
});
