import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient } from '../../src-main/adapters/telemetry/prometheus';
import { renderQuery } from '../../src-main/core/telemetry/query-template';
import { evaluateGate } from '../../src-main/core/gates/evaluate';
import {
  freePort,
  startMetricsServer,
  startPrometheus,
  type MetricsServer,
  type RunningPrometheus,
} from '../helpers/prometheus';

function body(requests: number, errors: number): string {
  return [
    '# TYPE ringside_test_requests_total counter',
    `ringside_test_requests_total ${requests}`,
    '# TYPE ringside_test_errors_total counter',
    `ringside_test_errors_total ${errors}`,
    '',
  ].join('\n');
}

describe('Prometheus HTTP API client against a real Prometheus', () => {
  let prom: RunningPrometheus;
  const hosts: MetricsServer[] = [];

  beforeAll(async () => {
    // Ring = 127.0.0.2 and .3, baseline = .4; each its own address like a real fleet.
    for (const [i, addr] of ['127.0.0.2', '127.0.0.3', '127.0.0.4'].entries()) {
      hosts.push(await startMetricsServer(addr, body(1000 * (i + 1), 10 * (i + 1))));
    }
    prom = await startPrometheus({ targets: hosts.map((h) => h.instance), scrapeInterval: 1 });
    await prom.waitForSeries('ringside_test_requests_total');
  });

  afterAll(async () => {
    await prom?.stop();
    await Promise.all(hosts.map((h) => h.close()));
  });

  const scope = (hs: MetricsServer[]) => ({
    instances: hs.map((h) => h.instance),
    hosts: hs.map((h) => h.address),
  });

  it('templated ring and baseline queries select exactly their hosts', async () => {
    const client = createPrometheusClient({ url: prom.url });
    const ctx = { ring: scope(hosts.slice(0, 2)), baseline: scope(hosts.slice(2)) };
    const q = (side: 'ring' | 'baseline') => {
      const r = renderQuery(
        `sum(ringside_test_requests_total{instance=~"{{${side}.instances}}"})`,
        ctx,
      );
      if (!r.ok) {
        throw new Error(r.message);
      }
      return r.query;
    };
    expect(await client.queryValue(q('ring'))).toMatchObject({ ok: true, value: 3000 });
    expect(await client.queryValue(q('baseline'))).toMatchObject({ ok: true, value: 3000 });
    const per = await client.query('ringside_test_errors_total');
    expect(per.ok && per.samples.map((s) => s.v).sort((a, b) => a - b)).toEqual([10, 20, 30]);
    const nowMs = Date.now();
    const range = await client.queryRange(q('ring'), nowMs - 3000, nowMs, 1000);
    // The series may be seconds old, so only the latest steps are guaranteed to hold a point.
    const points = range.ok ? (range.series[0]?.points ?? []) : [];
    expect(points.length).toBeGreaterThanOrEqual(1);
    expect(points.map((p) => [p.v, Math.round((p.t - nowMs) / 1000)])).toContainEqual([3000, 0]);
  });

  it('turns API errors, wrong result types, NaN and empty results into typed no-data', async () => {
    const client = createPrometheusClient({ url: prom.url, timeoutMs: 3000 });
    const kind = async (q: string) => {
      const r = await client.query(q);
      return r.ok ? 'ok' : r.error.kind;
    };
    expect(await kind('sum(')).toBe('api-error');
    expect(await kind('ringside_test_requests_total[1m]')).toBe('bad-response');
    expect(await kind('"hello"')).toBe('bad-response');
    expect(await kind('0/0')).toBe('no-data');
    expect(await kind('ringside_no_such_metric')).toBe('no-data');
    const multi = await client.queryValue('ringside_test_requests_total');
    expect(multi.ok ? '' : multi.error.message).toContain('expected one value, got 3 series');
    const noToken = createPrometheusClient({
      url: prom.url,
      tokenEnv: 'RINGSIDE_TEST_TOKEN',
      env: {},
    });
    const r = await noToken.query('1');
    expect(r.ok ? '' : r.error.kind).toBe('config');
    const withToken = createPrometheusClient({
      url: prom.url,
      tokenEnv: 'RINGSIDE_TEST_TOKEN',
      env: { RINGSIDE_TEST_TOKEN: 's3cret' },
    });
    expect((await withToken.queryValue('1+1')).ok).toBe(true);
  });

  it('Prometheus down, slow or returning garbage: typed errors, and the gate is inconclusive', async () => {
    const down = createPrometheusClient({
      url: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 2000,
    });
    const d = await down.queryValue('1');
    expect(d.ok ? '' : d.error.kind).toBe('network');

    const fake = await startMetricsServer('127.0.0.1', 'this is not json');
    try {
      const garbage = await createPrometheusClient({
        url: fake.url.replace('/metrics', ''),
        timeoutMs: 2000,
      }).queryValue('1');
      expect(garbage.ok ? '' : garbage.error.kind).toBe('bad-response');
      fake.setMode({ status: 503 });
      const unavailable = await createPrometheusClient({
        url: fake.url.replace('/metrics', ''),
        timeoutMs: 2000,
      }).queryValue('1');
      expect(unavailable.ok ? '' : unavailable.error.kind).toBe('http');
      fake.setMode({ delayMs: 5000 });
      const slow = await createPrometheusClient({
        url: fake.url.replace('/metrics', ''),
        timeoutMs: 300,
      }).queryValue('1');
      expect(slow.ok ? '' : slow.error.kind).toBe('timeout');
      // What the runtime does with a failed query: no point at all, so the gate fails closed.
      const outcome = evaluateGate(
        {
          kind: 'threshold',
          name: 'err',
          metric: 'error_rate',
          op: '<',
          limit: 0.01,
          windowMs: 10_000,
          minSamples: 1,
          platform: false,
        },
        { kind: 'window', ring: [], intervalMs: 1000 },
        Date.now(),
      );
      expect(outcome.outcome).toBe('inconclusive');
    } finally {
      await fake.close();
    }
  });
});
