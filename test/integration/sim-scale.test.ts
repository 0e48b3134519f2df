import { describe, expect, it } from 'vitest';
import { startSimFleet } from '../../src-main/sim/fleet';
import { execOnSimHost } from '../../src-main/sim/sim-client';

describe('simulated fleet at scale', () => {
  it('starts 1,000 hosts in one process and each sampled host answers over SSH and HTTP', async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const fleet = await startSimFleet({ hosts: 1000, latencyScale: 0, seed: 9 });
    const startMs = performance.now() - t0;
    const rssMb = (process.memoryUsage().rss - rss0) / 1e6;
    try {
      expect(fleet.hosts).toHaveLength(1000);
      expect(new Set(fleet.hosts.map((h) => h.sshPort)).size).toBe(1000);
      expect(new Set(fleet.hosts.map((h) => h.hostKey)).size).toBe(1000);
      const sample = fleet.hosts.filter((_, i) => i % 40 === 7);
      const t1 = performance.now();
      const results = await Promise.all(
        sample.map((h) => execOnSimHost(fleet, h, `appctl install 2.0.0 && hostname`)),
      );
      const execMs = performance.now() - t1;
      results.forEach((r, i) => {
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`installed 2.0.0 on ${sample[i]?.name}\n${sample[i]?.name}\n`);
      });
      const t2 = performance.now();
      const texts = await Promise.all(sample.map((h) => fetch(h.metricsUrl).then((r) => r.text())));
      const scrapeMs = performance.now() - t2;
      texts.forEach((t) => expect(t).toMatch(/^app_build_info\{version="2\.0\.0"\} 1$/m));
      expect(fleet.state('sim-0001')?.version).toBe('1.0.0');
      console.log(
        `sim-scale hosts=1000 start_ms=${startMs.toFixed(0)} rss_mb=${rssMb.toFixed(1)} ` +
          `ssh_exec_hosts=${sample.length} ssh_exec_ms=${execMs.toFixed(0)} scrape_ms=${scrapeMs.toFixed(0)}`,
      );
    } finally {
      await fleet.stop();
    }
  });
});
