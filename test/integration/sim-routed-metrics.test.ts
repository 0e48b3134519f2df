/**
 * A fleet with one routed metrics listener (`routedMetrics`, what `run --sim` uses): every
 * host's metrics, state and faults under `/hosts/NAME/`, and a host's network faults act on
 * its scrapes as its own listener would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet, type SimHostInfo } from '../../src-main/sim/fleet';
import { execOnSimHost } from '../../src-main/sim/sim-client';

let fleet: SimFleet;

function host(i: number): SimHostInfo {
  const h = fleet.hosts[i];
  if (!h) {
    throw new Error(`no host ${i}`);
  }
  return h;
}

beforeAll(async () => {
  fleet = await startSimFleet({ hosts: 4, seed: 3, latencyScale: 0, routedMetrics: true });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('routed metrics', () => {
  it('serves each host under its own path on one port, and says which host it does not know', async () => {
    const ports = new Set(fleet.hosts.map((h) => new URL(h.metricsUrl).port));
    expect(ports.size).toBe(1);
    await execOnSimHost(fleet, host(1), 'appctl install 2.0.0');
    const state = (await (
      await fetch(host(1).metricsUrl.replace(/metrics$/, 'sim/state'))
    ).json()) as { name: string; version: string };
    expect(state).toMatchObject({ name: host(1).name, version: '2.0.0' });
    const text = await (await fetch(host(1).metricsUrl)).text();
    expect(text).toContain('http_requests_total');
    const base = new URL(host(0).metricsUrl);
    const unknown = await fetch(`${base.origin}/hosts/nope/metrics`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("ringside-sim: no host named 'nope'\n");
  });

  it('a refused or dropped host fails its scrape only; blackholed never answers; slow answers late', async () => {
    const [a, b] = [host(2), host(3)];
    await fleet.setFault(a.name, { kind: 'unreachable' });
    await expect(fetch(a.metricsUrl)).rejects.toThrow();
    expect((await fetch(b.metricsUrl)).status).toBe(200);
    await fleet.setFault(a.name, { kind: 'unreachable', mode: 'blackhole' });
    await expect(fetch(a.metricsUrl, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    await fleet.setFault(a.name, { kind: 'slow', delayMs: 200 });
    const t0 = performance.now();
    expect((await fetch(a.metricsUrl)).status).toBe(200);
    // A lower bound only: the injected delay cannot be skipped, however fast the machine.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    // The control route is never faulted, so a fault can always be cleared.
    const cleared = await fetch(a.metricsUrl.replace(/metrics$/, 'sim/fault'), {
      method: 'PUT',
      body: 'null',
    });
    expect(await cleared.text()).toBe(`fault on ${a.name}: cleared\n`);
    expect((await fetch(a.metricsUrl)).status).toBe(200);
  });
});
