import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { startSimFleet } from '../../src-main/sim/fleet';
import { startPrometheus } from '../helpers/prometheus';

interface VectorResponse {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('simulated fleet metrics against the real Prometheus tools', () => {
  it('passes promtool check metrics, including after crashes and a version change', async () => {
    let now = 1_800_000_000_000;
    const fleet = await startSimFleet({ hosts: 1, now: () => now, profiles: { badKind: 'crash' } });
    try {
      now += 60_000;
      fleet.setVersion('sim-0001', 'bad-2.0.0');
      now += 600_000;
      const text = fleet.metricsText('sim-0001');
      expect(text).toMatch(/^process_restarts_total [1-9]\d*$/m);
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      expect(`${r.stdout}${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    } finally {
      await fleet.stop();
    }
  });

  it('is scraped by Prometheus with one instance per host', async () => {
    const fleet = await startSimFleet({ hosts: 3, rps: 200, seed: 4 });
    fleet.setVersion('sim-0002', '2.0.0-bad');
    const prom = await startPrometheus({
      targets: fleet.hosts.map((h) => `${h.address}:${h.metricsPort}`),
      scrapeInterval: 1,
    });
    try {
      await prom.waitForSeries('app_build_info', 30_000);
      const query = async (q: string): Promise<VectorResponse['data']['result']> => {
        const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
        const body = (await res.json()) as VectorResponse;
        expect(body.status).toBe('success');
        return body.data.result;
      };
      const up = await query('up');
      expect(up.map((s) => s.value[1])).toEqual(['1', '1', '1']);
      const versions = Object.fromEntries(
        (await query('app_build_info')).map((s) => [s.metric.instance, s.metric.version]),
      );
      expect(versions).toEqual(
        Object.fromEntries(
          fleet.hosts.map((h, i) => [
            `${h.address}:${h.metricsPort}`,
            i === 1 ? '2.0.0-bad' : '1.0.0',
          ]),
        ),
      );
      const counts = await query('http_request_duration_seconds_count');
      expect(counts).toHaveLength(3);
      for (const c of counts) {
        expect(Number(c.value[1])).toBeGreaterThan(0);
      }
    } finally {
      await prom.stop();
      await fleet.stop();
    }
  });
});
