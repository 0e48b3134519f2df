/**
 * cloudwatch-alarms gates through the production wiring (monitorForPlan -> the SDK's
 * CloudWatch client -> the simulated account): a ring gate fails when its group's 5xx alarm
 * is in ALARM, with a halt summary naming it; a platform gate reads with ring null and is
 * inconclusive while its alarm has no data; the core halts the ring on the first and, on a
 * platform failure, would pause (rollout-platform-gates covers that part).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';
import { simAccountInstances, startSimAws, type SimAws } from '../../src-main/sim/cloud-aws';

const instances = simAccountInstances({ count: 6, regions: ['us-east-1'] });
const running = instances.filter((i) => i.state === 'running');
const bad = running[3]?.instanceId ?? ''; // tier web, like running[0]
const badAsg = running[3]?.tags['aws:autoscaling:groupName'] ?? '';
const counters = new Map(running.map((i) => [i.instanceId, { requests: 0, errors5xx: 0 }]));
const start = Math.ceil(Date.now() / 60_000) * 60_000;
let offset = 0;
let sim: SimAws;
let built: BuiltPlan;

function advance(seconds: number): void {
  for (let s = 0; s < seconds; s++) {
    offset += 1000;
    for (const [id, c] of counters) {
      c.requests += 100;
      c.errors5xx += id === bad ? 5 : 0;
    }
    sim.cloudwatch.metrics.tick();
  }
}

beforeAll(async () => {
  sim = await startSimAws({
    instances,
    now: () => start + offset,
    counters: (id) => {
      const c = counters.get(id);
      return c && { processStartMs: 0, latencySeconds: 0, ...c };
    },
  });
  sim.cloudwatch.metrics.tick();
  const b = planFromText(
    `release: { name: shop, version: '2', previous: '1' }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid }
    - { name: h2, address: h2.test.invalid }
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 60s, gates: [group-5xx] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
gates:
  - name: group-5xx
    kind: cloudwatch-alarms
    alarms: { names: [${badAsg}-5xx], regions: [us-east-1] }
  - name: load-balancer
    kind: cloudwatch-alarms
    platform: true
    alarms: { prefix: shop-lb-, regions: [us-east-1] }
`,
    'cw.yaml',
  );
  if (!b.ok) {
    throw new Error(JSON.stringify(b.error));
  }
  built = b.value;
});
afterAll(async () => {
  await sim.stop();
});

describe('cloudwatch-alarms gates in the telemetry monitor', () => {
  it('fails with a summary naming the alarm once it is in ALARM; a platform gate reads ring null', async () => {
    const h = new Harness(Date.now());
    h.must({ type: 'create', plan: built.plan, by: 'tester' });
    h.must({ type: 'start', by: 'tester' });
    h.settle();
    const clock = { t: Date.now() };
    const m = monitorForPlan(built, {
      clock: () => clock.t,
      aws: { endpoint: sim.endpoint, credentials: sim.credentials },
    });
    expect(m.watchesPlatform).toBe(true);
    const read = () =>
      m.evaluate({ state: h.state, ring: 'canary', gates: ['group-5xx'], now: clock.t });
    // Two complete 30 s periods with one instance of the group answering 5% 5xx.
    advance(61);
    let readings = await read();
    const platform = readings.find((r) => r.gate === 'load-balancer');
    expect(platform).toMatchObject({ ring: null, outcome: 'inconclusive' });
    expect(String(platform?.evidence.reason)).toMatch(
      /^alarm without enough data: shop-lb-unhealthy-hosts \(us-east-1\) \(CloudWatch: Insufficient Data/,
    );
    const ringGate = readings.find((r) => r.gate === 'group-5xx');
    expect(ringGate).toMatchObject({ ring: 'canary', outcome: 'fail' });
    expect(ringGate?.summary).toMatch(
      new RegExp(
        `^Gate group-5xx failed for ring canary: CloudWatch reports an alarm in ALARM: ${badAsg}-5xx \\(us-east-1\\) since \\d\\d:\\d\\d:\\d\\d: Threshold Crossed: 1 out of the last 1 datapoints \\[0\\.05 `,
      ),
    );
    // The engine journals it and the core halts the ring.
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'group-5xx',
      outcome: 'fail',
      evidence: ringGate?.evidence ?? {},
      final: false,
      ...(ringGate?.summary !== undefined ? { summary: ringGate.summary } : {}),
    });
    expect(h.state.rings[0]?.status).toBe('halted');
    // Read at most once per 5 s: the next call within that time reuses the reading.
    const before = sim.stats().requests;
    clock.t += 1000;
    readings = await read();
    expect(sim.stats().requests).toBe(before);
    await m.close();
  });
});
