/**
 * The alarm reader (adapters/cloud-aws/cloudwatch-alarms.ts) through the real CloudWatch
 * client against the simulated account: names beyond DescribeAlarms' 100 are asked in
 * batches, a prefix reads every page, each region's failure is one line in the API's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlarmReader, type AlarmReader } from '../../src-main/adapters/cloud-aws';
import type { AlarmGateSpec } from '../../src-main/core/gates/alarm-gate';
import {
  SIM_AWS_EXPIRED_CREDENTIALS,
  simAccountInstances,
  startSimAws,
  type SimAws,
} from '../../src-main/sim/cloud-aws';

let sim: SimAws;
let reader: AlarmReader;
const spec: AlarmGateSpec = {
  name: 'g',
  kind: 'cloudwatch-alarms',
  platform: false,
  names: null,
  prefix: 'shop-',
  regions: ['us-east-1', 'eu-west-1'],
  profile: null,
};

beforeAll(async () => {
  sim = await startSimAws({ instances: simAccountInstances({ count: 12 }) });
  reader = createAlarmReader({ endpoint: sim.endpoint, credentials: sim.credentials });
});
afterAll(async () => {
  reader.close();
  await sim.stop();
});

describe('CloudWatch alarm reader', () => {
  it('reads every alarm under a prefix in each region, with state and reason', async () => {
    const r = await reader.read(spec);
    expect(r.ok).toBe(true);
    const alarms = r.ok ? r.alarms : [];
    // Per region: 3 groups x (5xx, cpu-high) + the load balancer alarm.
    expect(alarms.filter((a) => a.region === 'us-east-1').length).toBe(7);
    expect(alarms.filter((a) => a.region === 'eu-west-1').length).toBe(7);
    // No host stands behind this account's instances: no datapoints anywhere.
    expect(alarms.every((a) => a.state === 'INSUFFICIENT_DATA')).toBe(true);
    expect(alarms[0]?.reason).toMatch(/^Insufficient Data: /);
  });

  it('asks for more than 100 names in batches of 100 (the API refuses more)', async () => {
    const names = [
      ...Array.from({ length: 150 }, (_, i) => `no-such-alarm-${i}`),
      'shop-web-us-east-1-5xx',
      'shop-lb-unhealthy-hosts',
    ];
    const r = await reader.read({ ...spec, names, prefix: null, regions: ['us-east-1'] });
    expect(r.ok ? r.alarms.map((a) => a.name).sort() : r.errors).toEqual([
      'shop-lb-unhealthy-hosts',
      'shop-web-us-east-1-5xx',
    ]);
  });

  it('says in one line per region what failed: denied, throttled, expired, unknown region', async () => {
    sim.setFault({ kind: 'access-denied' });
    const denied = await reader.read({ ...spec, regions: ['us-east-1'] });
    expect(denied).toEqual({
      ok: false,
      errors: [
        'us-east-1: permission denied (AccessDenied: User is not authorized to perform: cloudwatch:DescribeAlarms); the identity needs cloudwatch:DescribeAlarms in us-east-1',
      ],
    });
    sim.setFault({ kind: 'throttle', count: 50 });
    const throttled = await reader.read({ ...spec, regions: ['us-east-1'] });
    expect(throttled.ok ? [] : throttled.errors).toEqual([
      "us-east-1: CloudWatch kept throttling after the SDK's retries (Throttling: Request limit exceeded.); try again later",
    ]);
    sim.setFault(null);
    const expired = createAlarmReader({
      endpoint: sim.endpoint,
      credentials: SIM_AWS_EXPIRED_CREDENTIALS,
    });
    const r = await expired.read({ ...spec, regions: ['eu-west-1'] });
    expired.close();
    expect(r.ok ? [] : r.errors).toEqual([
      expect.stringMatching(
        /^eu-west-1: the AWS credentials from the default chain have expired \(ExpiredToken: .*\); log in with/,
      ),
    ]);
    const nowhere = await reader.read({ ...spec, regions: ['xx-nowhere-9'] });
    expect(nowhere.ok ? [] : nowhere.errors).toEqual([
      expect.stringMatching(/^xx-nowhere-9: unknown region 'xx-nowhere-9'/),
    ]);
  });
});
