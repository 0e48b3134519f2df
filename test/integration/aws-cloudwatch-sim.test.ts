/**
 * The real CloudWatch client (@aws-sdk/client-cloudwatch, AWS JSON 1.0 with awsQuery
 * compatibility) against the simulated account: GetMetricData and DescribeAlarms read the
 * instances' request counters, signed requests are verified for service `monitoring`.
 * The counters here are exact (so values can be asserted); the clock is real time plus an
 * offset the test moves, and the test takes the recorder's samples itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  paginateDescribeAlarms,
  paginateGetMetricData,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  simAccountInstances,
  startSimAws,
  type InstanceCounters,
  type SimAws,
} from '../../src-main/sim/cloud-aws';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const instances = simAccountInstances({ count: 6, regions: ['us-east-1'] });
const running = instances.filter((i) => i.state === 'running');
// web instances: 0 and 3 (tier = i % 3); instance 3 answers 5% 5xx, every other 1%.
const bad = running[3]?.instanceId ?? '';
const good = running[0]?.instanceId ?? '';
const counters = new Map<string, { requests: number; errors5xx: number }>(
  running.map((i) => [i.instanceId, { requests: 0, errors5xx: 0 }]),
);
let offset = 0;
// A clock the test moves, from a minute boundary so periods are whole.
const start = Math.ceil(Date.now() / 60_000) * 60_000;
const now = (): number => start + offset;
let sim: SimAws;

/** Advances `seconds` seconds: each instance serves 100 requests a second. */
function advance(seconds: number): void {
  for (let s = 0; s < seconds; s++) {
    offset += 1000;
    for (const [id, c] of counters) {
      c.requests += 100;
      c.errors5xx += id === bad ? 5 : 1;
    }
    sim.cloudwatch.metrics.tick();
  }
}

beforeAll(async () => {
  sim = await startSimAws({
    instances,
    now,
    counters: (id): InstanceCounters | undefined => {
      const c = counters.get(id);
      return c && { processStartMs: 0, latencySeconds: c.requests * 0.04, ...c };
    },
  });
  sim.cloudwatch.metrics.tick();
  advance(90);
});
afterAll(async () => {
  await sim.stop();
});

function client(region = 'us-east-1', maxAttempts = 1): CloudWatchClient {
  return new CloudWatchClient({
    region,
    endpoint: sim.endpoint,
    credentials: sim.credentials,
    maxAttempts,
  });
}

function errorRate(id: string, instanceId: string, period = 10, stat = 'Average'): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'Ringside/App',
        MetricName: 'ErrorRate',
        Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
      },
      Period: period,
      Stat: stat,
    },
  };
}

describe('simulated CloudWatch GetMetricData through the real SDK', () => {
  it('reads per-instance datapoints from the hosts, newest first', async () => {
    const end = new Date(now());
    const r = await client().send(
      new GetMetricDataCommand({
        StartTime: new Date(now() - 60_000),
        EndTime: end,
        MetricDataQueries: [errorRate('good', good), errorRate('bad', bad)],
      }),
    );
    const [g, b] = r.MetricDataResults ?? [];
    expect(g?.Id).toBe('good');
    expect(g?.StatusCode).toBe('Complete');
    expect(g?.Values?.length).toBe(6);
    expect(g?.Values?.every((v) => Math.abs(v - 0.01) < 1e-9)).toBe(true);
    expect(b?.Values?.every((v) => Math.abs(v - 0.05) < 1e-9)).toBe(true);
    const ts = (g?.Timestamps ?? []).map((t) => t.getTime());
    expect(ts).toEqual([...ts].sort((x, y) => y - x));
    expect(ts.every((t) => t % 10_000 === 0)).toBe(true);
  });

  it('pools an Auto Scaling group and computes the statistic over its instances', async () => {
    const asg = running[0]?.tags['aws:autoscaling:groupName'] ?? '';
    const q = (id: string, metric: string, stat: string): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'Ringside/App',
          MetricName: metric,
          Dimensions: [{ Name: 'AutoScalingGroupName', Value: asg }],
        },
        Period: 30,
        Stat: stat,
      },
    });
    const r = await client().send(
      new GetMetricDataCommand({
        StartTime: new Date(now() - 90_000),
        EndTime: new Date(now() - 1),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          q('sum', 'RequestCount', 'Sum'),
          q('max', 'ErrorRate', 'Maximum'),
          q('avg', 'ErrorRate', 'Average'),
          q('n', 'ErrorRate', 'SampleCount'),
        ],
      }),
    );
    const byId = new Map((r.MetricDataResults ?? []).map((x) => [x.Id, x.Values ?? []]));
    expect(byId.get('sum')).toEqual([6000, 6000, 6000]); // 2 instances x 100/s x 30 s
    expect(byId.get('max')?.map((v) => v.toFixed(4))).toEqual(['0.0500', '0.0500', '0.0500']);
    expect(byId.get('avg')?.map((v) => v.toFixed(4))).toEqual(['0.0300', '0.0300', '0.0300']);
    expect(byId.get('n')).toEqual([2, 2, 2]);
  });

  it('answers 500 queries in one call, refuses 501 and a bad statistic or period', async () => {
    const ids = running.map((i) => i.instanceId);
    const many = (n: number): MetricDataQuery[] =>
      Array.from({ length: n }, (_, k) => errorRate(`q${k}`, ids[k % ids.length] ?? ''));
    const input = (qs: MetricDataQuery[]) => ({
      StartTime: new Date(now() - 30_000),
      EndTime: new Date(now()),
      MetricDataQueries: qs,
    });
    const ok = await client().send(new GetMetricDataCommand(input(many(500))));
    expect(ok.MetricDataResults?.length).toBe(500);
    await expect(client().send(new GetMetricDataCommand(input(many(501))))).rejects.toMatchObject({
      Code: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client().send(new GetMetricDataCommand(input([errorRate('a', good, 10, 'Median')]))),
    ).rejects.toMatchObject({ Code: 'InvalidParameterValue' });
    await expect(
      client().send(new GetMetricDataCommand(input([errorRate('a', good, 45)]))),
    ).rejects.toMatchObject({ Code: 'InvalidParameterValue' });
  });

  it('pages by MaxDatapoints with NextToken, and the paginator gets every datapoint', async () => {
    const input = {
      StartTime: new Date(now() - 60_000),
      EndTime: new Date(now()),
      MetricDataQueries: [errorRate('good', good), errorRate('bad', bad)],
      MaxDatapoints: 4,
    };
    const first = await client().send(new GetMetricDataCommand(input));
    expect(first.NextToken).toBeDefined();
    expect(first.MetricDataResults?.[0]?.StatusCode).toBe('PartialData');
    let points = 0;
    let pages = 0;
    for await (const page of paginateGetMetricData({ client: client() }, input)) {
      pages++;
      points += (page.MetricDataResults ?? []).reduce((s, x) => s + (x.Values?.length ?? 0), 0);
    }
    expect(points).toBe(12);
    expect(pages).toBe(3);
  });
});

describe('simulated CloudWatch DescribeAlarms through the real SDK', () => {
  it('the bad instance trips its group 5xx alarm; an alarm without data is INSUFFICIENT_DATA', async () => {
    const r = await client().send(new DescribeAlarmsCommand({}));
    const alarms = new Map((r.MetricAlarms ?? []).map((a) => [a.AlarmName, a]));
    const badAsg = running[3]?.tags['aws:autoscaling:groupName'] ?? '';
    const okAsg = running[1]?.tags['aws:autoscaling:groupName'] ?? '';
    const tripped = alarms.get(`${badAsg}-5xx`);
    expect(tripped?.StateValue).toBe('ALARM');
    expect(tripped?.StateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[0\.05 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(0\.02\)/,
    );
    expect(tripped?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(alarms.get(`${okAsg}-5xx`)?.StateValue).toBe('OK');
    expect(alarms.get('shop-lb-unhealthy-hosts')?.StateValue).toBe('INSUFFICIENT_DATA');
    expect(alarms.get('shop-lb-unhealthy-hosts')?.StateReason).toMatch(/^Insufficient Data/);
  });

  it('filters by names, prefix and state, pages by MaxRecords, refuses names with a prefix', async () => {
    const c = client();
    const inAlarm = await c.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(inAlarm.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      `${running[3]?.tags['aws:autoscaling:groupName'] ?? ''}-5xx`,
    ]);
    const named = await c.send(
      new DescribeAlarmsCommand({ AlarmNames: ['shop-lb-unhealthy-hosts', 'no-such-alarm'] }),
    );
    expect(named.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['shop-lb-unhealthy-hosts']);
    const names: string[] = [];
    for await (const page of paginateDescribeAlarms(
      { client: c, pageSize: 2 },
      { AlarmNamePrefix: 'shop-' },
    )) {
      expect((page.MetricAlarms ?? []).length).toBeLessThanOrEqual(2);
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''));
    }
    expect(names.length).toBe(3 * 2 + 1); // 3 groups x (5xx, cpu-high) + the load balancer
    await expect(
      c.send(new DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' })),
    ).rejects.toMatchObject({ Code: 'InvalidParameterCombination' });
    const elsewhere = await client('eu-west-1').send(new DescribeAlarmsCommand({}));
    expect(elsewhere.MetricAlarms).toEqual([]);
  });
});

describe('simulated CloudWatch refusals', () => {
  it('refuses a request changed after signing, or signed for another service', async () => {
    const c = client();
    c.middlewareStack.addRelativeTo(
      ((next: (a: { request: unknown }) => Promise<unknown>) =>
        async (args: { request: unknown }) => {
          const req = args.request as { body?: string; headers: Record<string, string> };
          req.body = String(req.body).replace('"ALARM"', '"OK"');
          req.headers['content-length'] = String(Buffer.byteLength(req.body));
          return next(args);
        }) as never,
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper-body' },
    );
    await expect(c.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))).rejects.toMatchObject({
      Code: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    // Signed by the SDK's own signer, but for service ec2 (the auth scheme's signing name).
    const asEc2 = new CloudWatchClient({
      region: 'us-east-1',
      endpoint: sim.endpoint,
      credentials: sim.credentials,
      maxAttempts: 1,
      httpAuthSchemeProvider: () => [
        {
          schemeId: 'aws.auth#sigv4',
          signingProperties: { name: 'ec2', signingName: 'ec2', region: 'us-east-1' },
          propertiesExtractor: (config: unknown, context: unknown) => ({
            signingProperties: { config, context },
          }),
        },
      ],
    });
    await expect(asEc2.send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({
      Code: 'SignatureDoesNotMatch',
      message: "Credential should be scoped to correct service: 'monitoring'.",
    });
  });

  it("throttling is Throttling and the SDK's retries get through; AccessDenied is not retried", async () => {
    sim.setFault({ kind: 'throttle', count: 2 });
    const r = await client('us-east-1', 3).send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
    expect(r.MetricAlarms?.length).toBe(1);
    sim.setFault({ kind: 'throttle', count: 1 });
    await expect(client().send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({
      Code: 'Throttling',
    });
    sim.setFault({ kind: 'access-denied' });
    await expect(client('us-east-1', 3).send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({
      Code: 'AccessDenied',
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
    sim.setFault(null);
  });
});
