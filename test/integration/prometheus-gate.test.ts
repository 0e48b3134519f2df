import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrometheusClient,
  type PrometheusClient,
} from '../../src-main/adapters/telemetry/prometheus';
import { evaluateGate } from '../../src-main/core/gates/evaluate';
import type { GateSpec } from '../../src-main/core/gates/gate-spec';
import { startSequential, updateSequential } from '../../src-main/core/stats/sequential';
import { counterDelta } from '../../src-main/core/telemetry/prom-select';
import { renderQuery } from '../../src-main/core/telemetry/query-template';
import {
  startMetricsServer,
  startPrometheus,
  type MetricsServer,
  type RunningPrometheus,
} from '../helpers/prometheus';

/**
 * A host whose counters advance with wall time: 200 requests/s, errors a fixed fraction of
 * them (deterministic, so the good case sits exactly on rho = 1 and cannot flake).
 */
async function fakeHost(
  address: string,
  errorRate: number,
): Promise<{ server: MetricsServer; stop: () => void }> {
  const server = await startMetricsServer(address);
  const started = Date.now();
  const tick = (): void => {
    const requests = Math.floor(((Date.now() - started) / 1000) * 200);
    const errors = Math.floor(requests * errorRate);
    server.setBody(
      `# TYPE app_requests_total counter\napp_requests_total ${requests}\n# TYPE app_errors_total counter\napp_errors_total ${errors}\n`,
    );
  };
  tick();
  const timer = setInterval(tick, 100);
  return { server, stop: () => clearInterval(timer) };
}

const gate: GateSpec = {
  kind: 'sequential',
  name: 'errors-vs-baseline',
  metric: 'error_rate',
  test: 'counts',
  alpha: 0.01,
  delta: 0.1,
  minSamples: 200,
  platform: false,
};

describe('sequential gate on Prometheus-sourced counts', () => {
  let prom: RunningPrometheus;
  let client: PrometheusClient;
  const hosts: { server: MetricsServer; stop: () => void }[] = [];

  beforeAll(async () => {
    hosts.push(await fakeHost('127.0.0.2', 0.03)); // bad canary
    hosts.push(await fakeHost('127.0.0.3', 0.005)); // good canary
    hosts.push(await fakeHost('127.0.0.4', 0.005)); // baseline
    hosts.push(await fakeHost('127.0.0.5', 0.005)); // baseline
    prom = await startPrometheus({
      targets: hosts.map((h) => h.server.instance),
      scrapeInterval: 1,
    });
    client = createPrometheusClient({ url: prom.url, timeoutMs: 3000 });
    await prom.waitForSeries('app_errors_total');
    // Enough scrapes for several one-second intervals.
    await new Promise((r) => setTimeout(r, 6000));
  });

  afterAll(async () => {
    await prom?.stop();
    for (const h of hosts) {
      h.stop();
      await h.server.close();
    }
  });

  /** Per-step increases of sum(metric) over the hosts of a scope, from query_range. */
  async function increases(
    metric: string,
    instances: string[],
    startMs: number,
    endMs: number,
  ): Promise<Map<number, number>> {
    const q = renderQuery(`sum(${metric}{instance=~"{{ring.instances}}"})`, {
      ring: { instances, hosts: [] },
    });
    if (!q.ok) {
      throw new Error(q.message);
    }
    const r = await client.queryRange(q.query, startMs, endMs, 1000);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    const pts = r.series[0]?.points ?? [];
    const out = new Map<number, number>();
    for (let i = 1; i < pts.length; i++) {
      const p = pts[i];
      const prev = pts[i - 1];
      if (p !== undefined && prev !== undefined) {
        out.set(Math.round(p.t), counterDelta(prev.v, p.v));
      }
    }
    return out;
  }

  async function judge(ring: MetricsServer): Promise<ReturnType<typeof evaluateGate>> {
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    const startMs = endMs - 5000;
    const base = hosts.slice(2).map((h) => h.server.instance);
    const [re, rr, be, br] = await Promise.all([
      increases('app_errors_total', [ring.instance], startMs, endMs),
      increases('app_requests_total', [ring.instance], startMs, endMs),
      increases('app_errors_total', base, startMs, endMs),
      increases('app_requests_total', base, startMs, endMs),
    ]);
    let state = startSequential({
      alpha: gate.kind === 'sequential' ? gate.alpha : 0.01,
      delta: 0.1,
    });
    let newestMs: number | undefined;
    for (const [t, ringRequests] of rr) {
      state = updateSequential(state, {
        ringEvents: re.get(t) ?? 0,
        ringExposure: ringRequests,
        baselineEvents: be.get(t) ?? 0,
        baselineExposure: br.get(t) ?? 0,
      });
      newestMs = t;
    }
    return evaluateGate(
      gate,
      { kind: 'sequential', state, intervalMs: 1000, newestMs, final: true },
      endMs,
    );
  }

  it('fails a canary at 3% errors against a 0.5% baseline, and passes a good one', async () => {
    const bad = await judge(hosts[0]!.server);
    const good = await judge(hosts[1]!.server);
    console.log(
      `bad: ${bad.outcome} (${bad.evidence.reason})\ngood: ${good.outcome} (${good.evidence.reason})`,
    );
    expect(bad.outcome).toBe('fail');
    expect(bad.evidence.ringSamples).toBeGreaterThan(0);
    expect(good.outcome).toBe('pass');
  });
});
