/**
 * The README's Prometheus-only telemetry on a real fleet: no scrape source, no simulator.
 * `{{ring.instances}}` must name the ring's hosts as Prometheus' `instance` label has them
 * (address and the source's instancePort), so a gate on a PromQL metric reads real data —
 * before, it rendered as "ring has no instances" and every gate stayed inconclusive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromText, type BuiltPlan } from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';
import {
  freePort,
  startMetricsServer,
  startPrometheus,
  type MetricsServer,
  type RunningPrometheus,
} from '../helpers/prometheus';

const addresses = ['127.0.0.12', '127.0.0.13', '127.0.0.14'];
let servers: MetricsServer[] = [];
let prom: RunningPrometheus;
let port: number;

function body(ok: number, errors: number): string {
  return `# TYPE http_requests_total counter\nhttp_requests_total{code="200"} ${ok}\nhttp_requests_total{code="500"} ${errors}\n`;
}

function plan(instancePort: string): string {
  return `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
${addresses.map((a, i) => `    - { name: web-${i + 1}, address: '${a}' }`).join('\n')}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 1 }, bake: 60s, gates: [errors] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
telemetry:
  sources:
    - { name: prom, kind: prometheus, url: '${prom?.url ?? 'http://127.0.0.1:1'}', interval: 1s${instancePort} }
  metrics:
    - name: error_share
      source: prom
      kind: promql
      query: 'sum(http_requests_total{code="500",instance=~"{{ring.instances}}"}) / sum(http_requests_total{instance=~"{{ring.instances}}"})'
gates:
  - { name: errors, metric: error_share, kind: threshold, op: '<', limit: 0.5, window: 2s, minSamples: 1 }
`;
}

beforeAll(async () => {
  port = await freePort(addresses[0]);
  servers = await Promise.all(addresses.map((a) => startMetricsServer(a, body(100, 0), port)));
  prom = await startPrometheus({ targets: servers.map((s) => s.instance), scrapeInterval: 1 });
  await prom.waitForSeries('http_requests_total');
}, 60_000);

afterAll(async () => {
  await prom?.stop();
  await Promise.all(servers.map((s) => s.close()));
});

describe('PromQL instances from the plan’s hosts', () => {
  it('validate refuses {{ring.instances}} when no port is known for the instance label', () => {
    const b = planFromText(plan(''), 'prom-only.yaml');
    expect(b.ok).toBe(false);
    if (!b.ok) {
      expect(b.error[0]?.message).toMatch(
        /metric 'error_share' uses \{\{ring\.instances\}\}, but no port is known .*expected instancePort on prometheus source 'prom'/,
      );
    }
  });

  it('reads the canary’s own series through the production monitor, without a scrape source or simulator', async () => {
    const b = planFromText(plan(`, instancePort: ${port}`), 'prom-only.yaml');
    if (!b.ok) {
      throw new Error(JSON.stringify(b.error));
    }
    const built: BuiltPlan = b.value;
    const canary = built.plan.rings[0]?.domains[0]?.hosts[0] ?? '';
    const canaryAddress = built.plan.hosts.find((h) => h.name === canary)?.address;
    // The canary serves 40% errors; the others none: the gate must see the canary's share.
    servers.find((s) => s.address === canaryAddress)?.setBody(body(60, 40));
    await new Promise((r) => setTimeout(r, 2500)); // at least two scrapes of the new body
    const h = new Harness(Date.now());
    h.must({ type: 'create', plan: built.plan, by: 'tester' });
    h.must({ type: 'start', by: 'tester' });
    h.settle();
    const monitor = monitorForPlan(built, { aws: null, clock: () => Date.now() });
    let reading;
    for (let i = 0; i < 8; i++) {
      const readings = await monitor.evaluate({
        state: h.state,
        ring: 'canary',
        gates: ['errors'],
        now: Date.now(),
      });
      reading = readings.find((r) => r.gate === 'errors');
      if (reading?.evidence['ringValue'] !== null && reading?.evidence['ringValue'] !== undefined) {
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    await monitor.close();
    expect(String(reading?.evidence['reason'])).not.toContain('no instances');
    expect(reading?.evidence['ringValue']).toBeCloseTo(0.4, 6);
  });
});
