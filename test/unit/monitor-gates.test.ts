/**
 * The telemetry monitor against real HTTP metrics endpoints on 127.0.0.x, with the rollout
 * state from the pure core and a clock the test moves: pending before the ring runs the new
 * version, fail closed with the source's own error, a failing sequential gate with its
 * summary, platform gates (ring null) from an HTTP probe, and anomalies reported once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { createTelemetryMonitor } from '../../src-main/runtime/telemetry/monitor';
import { startMetricsServer, type MetricsServer } from '../helpers/prometheus';

let servers: MetricsServer[] = [];
let built: BuiltPlan;

function body(ok: number, errors: number): string {
  return `# TYPE http_requests_total counter\nhttp_requests_total{code="200"} ${ok}\nhttp_requests_total{code="500"} ${errors}\n`;
}

beforeAll(async () => {
  servers = [
    await startMetricsServer('127.0.0.2'), // canary
    await startMetricsServer('127.0.0.3'), // baseline
    await startMetricsServer('127.0.0.4'), // baseline
    await startMetricsServer('127.0.0.5'), // load balancer health (platform probe)
  ];
  // Addresses are never dialled: hostEndpoints maps each host to its server.
  const text = `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid }
    - { name: h2, address: h2.test.invalid }
    - { name: h3, address: h3.test.invalid }
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 60s, gates: [errors-seq] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
telemetry:
  sources:
    - { name: hosts, kind: scrape, port: 9100, interval: 1s }
    - { name: lb, kind: http-probe, url: '${servers[3]?.url ?? ''}', interval: 1s }
  metrics:
    - { name: error_rate, source: hosts, kind: ratio, numerator: 'http_requests_total{code="500"}', denominator: http_requests_total }
    - { name: error_share_ungated, source: hosts, kind: ratio, numerator: 'http_requests_total{code="500"}', denominator: http_requests_total }
    - { name: lb_up, source: lb, kind: gauge, selector: probe_success }
gates:
  - { name: errors-seq, metric: error_rate, kind: sequential, test: counts, minSamples: 100 }
  - { name: lb-healthy, metric: lb_up, kind: threshold, op: '>=', limit: 1, window: 3s, minSamples: 1, platform: true }
`;
  const b = planFromText(text, 'monitor.yaml');
  if (!b.ok) {
    throw new Error(JSON.stringify(b.error));
  }
  built = b.value;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A rollout whose canary (h1) is deployed and baking, as the pure core has it. */
function bakingCanary(): Harness {
  const h = new Harness(Date.now());
  h.must({ type: 'create', plan: built.plan, by: 'tester' });
  h.must({ type: 'start', by: 'tester' });
  h.settle();
  return h;
}

function monitorAt(clock: { t: number }, anomalies: string[] = []) {
  // Server 0 serves whichever host segmentation picked for the canary.
  const canary = built.plan.rings[0]?.domains[0]?.hosts[0] ?? '';
  const others = built.plan.hosts.map((x) => x.name).filter((n) => n !== canary);
  const urls = new Map([
    [canary, servers[0]?.url],
    [others[0] ?? '', servers[1]?.url],
    [others[1] ?? '', servers[2]?.url],
  ]);
  return createTelemetryMonitor({
    plan: built.plan,
    document: built.document,
    clock: () => clock.t,
    hostEndpoints: (h) => urls.get(h),
    onAnomaly: (a) => anomalies.push(a.detail),
  });
}

describe('telemetry monitor', () => {
  it('is pending before any canary host runs the new version', async () => {
    const h = new Harness(Date.now());
    h.must({ type: 'create', plan: built.plan, by: 'tester' });
    h.must({ type: 'start', by: 'tester' });
    const clock = { t: Date.now() };
    const m = monitorAt(clock);
    const readings = await m.evaluate({
      state: h.state,
      ring: 'canary',
      gates: ['errors-seq'],
      now: clock.t,
    });
    expect(readings.find((r) => r.gate === 'errors-seq')).toMatchObject({
      ring: 'canary',
      outcome: 'pending',
      evidence: { reason: 'no host of ring canary runs the new version yet' },
    });
  });

  it('fails closed: an erroring endpoint makes the gate inconclusive and says why', async () => {
    servers[0]?.setMode({ status: 500 });
    servers[1]?.setBody(body(1000, 5));
    servers[2]?.setBody(body(1000, 5));
    servers[3]?.setMode({});
    const h = bakingCanary();
    const clock = { t: Date.now() };
    const m = monitorAt(clock);
    let last;
    for (let i = 0; i < 3; i++) {
      last = await m.evaluate({
        state: h.state,
        ring: 'canary',
        gates: ['errors-seq'],
        now: clock.t,
      });
      clock.t += 1000;
    }
    const g = last?.find((r) => r.gate === 'errors-seq');
    expect(g?.outcome).toBe('inconclusive');
    expect(String(g?.evidence['reason'])).toMatch(/no ring\/baseline data; hosts: .*HTTP 500/);
    servers[0]?.setMode({});
  });

  it('fails a clearly worse canary, with a summary; reports an ungated metric once; platform gate reads ring null', async () => {
    const h = bakingCanary();
    const clock = { t: Date.now() };
    const anomalies: string[] = [];
    const m = monitorAt(clock, anomalies);
    let ok = 0;
    let err = 0;
    let base = 0;
    let g;
    let platform;
    for (let i = 0; i < 15; i++) {
      // Canary: 200 req/s at 10% errors; baseline hosts: 200 req/s at 1%.
      ok += 180;
      err += 20;
      base += 200;
      servers[0]?.setBody(body(ok, err));
      servers[1]?.setBody(body(base - base / 100, base / 100));
      servers[2]?.setBody(body(base - base / 100, base / 100));
      servers[3]?.setMode(i >= 10 ? { status: 503 } : {});
      const readings = await m.evaluate({
        state: h.state,
        ring: 'canary',
        gates: ['errors-seq'],
        now: clock.t,
      });
      g = readings.find((r) => r.gate === 'errors-seq');
      platform = readings.find((r) => r.gate === 'lb-healthy');
      clock.t += 1000;
    }
    expect(g?.outcome).toBe('fail');
    expect(g?.summary).toMatch(
      /^Ring canary halted at .* sequential gate errors-seq failed on error_rate — ring on 2\.0\.0 10% \([\d,]+ samples\) vs baseline \(hosts still on 1\.0\.0\) 1% /,
    );
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatch(/^error_share_ungated in ring canary is 10\.0x the baseline/);
    // The engine's way in: each anomaly is drained once, then the queue is empty.
    expect(m.watchesPlatform).toBe(true);
    expect(m.drainAnomalies()).toEqual([
      { ring: 'canary', metric: 'error_share_ungated', detail: anomalies[0] },
    ]);
    expect(m.drainAnomalies()).toEqual([]);
    expect(platform).toMatchObject({ ring: null, outcome: 'fail' });
    expect(m.series.latest('error_rate', 'canary')?.v).toBeCloseTo(0.1);
    expect(m.series.latest('error_rate', 'baseline:canary')?.v).toBeCloseTo(0.01);
  });
});
