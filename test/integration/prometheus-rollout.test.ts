/**
 * Rollouts whose gates read a real Prometheus (Debian's, started here on 127.0.0.1 and
 * scraping the simulated fleet every second): the bad release halts in the canary, the good
 * one passes; Prometheus down, slow or answering garbage leaves the gates inconclusive, the
 * ring unpromoted, and the reason in the journaled evidence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltPlan } from '../../src-main/core/plan';
import type { RolloutState } from '../../src-main/core/rollout';
import type { RunOutcome } from '../../src-main/runtime';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { freePort, startPrometheus, type RunningPrometheus } from '../helpers/prometheus';
import { openSimRollout, planOrThrow } from '../helpers/sim-rollout';

const hosts = Array.from({ length: 12 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return `    - { name: web-${n}, address: web-${n}.test.invalid, labels: { zone: ${'abc'[i % 3]} } }`;
}).join('\n');

function plan(version: string, promUrl: string): BuiltPlan {
  const text = `release: { name: web, version: '${version}', previous: '1.0.0' }
fleet:
  hosts:
${hosts}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 3 }, bake: 6s, gates: [errors-seq, errors-vs-baseline] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
    - { name: restart, command: appctl restart, timeout: 20s, idempotent: true }
  concurrency: 3
telemetry:
  sources:
    - { name: prom, kind: prometheus, url: '${promUrl}', interval: 1s, instancePort: 9100 }
  metrics:
    - { name: error_rate, source: prom, kind: ratio, numerator: 'http_requests_total{code=~"5.."}', denominator: http_requests_total }
    - name: error_rate_promql
      source: prom
      kind: promql
      query: 'sum(rate(http_requests_total{code=~"5..",instance=~"{{ring.instances}}"}[10s])) / sum(rate(http_requests_total{instance=~"{{ring.instances}}"}[10s]))'
gates:
  - { name: errors-seq, metric: error_rate, kind: sequential, test: counts, minSamples: 50 }
  # A plain difference has no sample-size guard: over a 5 s rate with tolerance 0.01, a good
  # canary read 1.4% vs 0.16% on a loaded machine (two scrapes ~1 s apart: ~300 requests)
  # and halted. 10 s and 0.02 keep the bad release (3% vs 0.5%) over it and noise under it.
  - { name: errors-vs-baseline, metric: error_rate_promql, kind: baseline, mode: difference, tolerance: 0.02, window: 4s, minSamples: 2 }
`;
  return planOrThrow(text, 'prom-rollout.yaml');
}

let rehearsal: Rehearsal;
let prom: RunningPrometheus;

beforeAll(async () => {
  rehearsal = await startRehearsal(plan('2.0.0', 'http://127.0.0.1:1').plan, {
    latencyScale: 0.02,
    seed: 9,
    rps: 100,
  });
  prom = await startPrometheus({
    targets: rehearsal.fleet.hosts.map((h) => `${h.address}:${h.metricsPort}`),
    scrapeInterval: 1,
  });
  await prom.waitForSeries('http_requests_total');
});

afterAll(async () => {
  await prom?.stop();
  await rehearsal?.stop();
});

/** One rollout of the canary from a fresh journal; the fleet is put back on 1.0.0 first. */
async function rollCanary(built: BuiltPlan): Promise<{ outcome: RunOutcome; state: RolloutState }> {
  for (const h of rehearsal.plan.hosts) {
    rehearsal.fleet.setVersion(h.name, '1.0.0');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'prom-rollout-'));
  const engine = await openSimRollout(built, rehearsal, dir);
  try {
    const outcome = await engine.run({ until: 'ring', autoPromote: true });
    return { outcome, state: engine.state() };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('rollouts gated by a real Prometheus', () => {
  it('passes a good release: every canary gate passes, the ring is healthy and promotable', async () => {
    const { outcome, state } = await rollCanary(plan('2.0.0', prom.url));
    expect(outcome.kind, JSON.stringify({ outcome, gates: state.rings[0]?.gates })).toBe(
      'waiting-promotion',
    );
    const gates = state.rings[0]?.gates ?? {};
    expect(Object.values(gates).map((g) => g.outcome)).toEqual(['pass', 'pass']);
    expect(state.rings[0]?.status).toBe('healthy');
  });

  it('halts a bad release in the canary', async () => {
    const { outcome, state } = await rollCanary(plan('2.0.0-bad', prom.url));
    expect(outcome.kind).toBe('halted');
    expect(state.rings[0]?.halt?.gate, state.rings[0]?.halt?.summary).toMatch(
      /errors-seq|errors-vs-baseline/,
    );
    expect(state.rings[0]?.halt?.summary).toMatch(/^Ring canary halted at/);
    expect(
      Object.values(state.hosts)
        .filter((h) => h.touched)
        .every((h) => h.ring === 0),
    ).toBe(true);
  });

  describe.each([
    ['down', null, /ECONNREFUSED|fetch failed|network/],
    [
      'slow',
      (res: http.ServerResponse) => setTimeout(() => res.end('{}'), 5000),
      /no complete response within/,
    ],
    ['garbage', (res: http.ServerResponse) => res.end('<html>oops</html>'), /expected JSON/],
  ] as const)('Prometheus %s', (_name, answer, reason) => {
    it('leaves the gates inconclusive, the ring unpromoted, and says why', async () => {
      let url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
      let server: http.Server | null = null;
      if (answer !== null) {
        const srv = http.createServer((_req, res) => answer(res));
        server = srv;
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
        const a = srv.address();
        url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      }
      try {
        const { outcome, state } = await rollCanary(plan('2.0.0', url));
        expect(outcome.kind).toBe('waiting-promotion');
        const canary = state.rings[0];
        expect(canary?.status).not.toBe('promoted');
        for (const g of Object.values(canary?.gates ?? {})) {
          expect(g.outcome).toBe('inconclusive');
          expect(String(g.evidence['reason']), JSON.stringify(g.evidence)).toMatch(reason);
        }
      } finally {
        server?.closeAllConnections();
        server?.close();
      }
    });
  });
});
