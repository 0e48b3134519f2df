/**
 * The production path, not a hand-built fake: `monitorForPlan` (what `ringside run` and the
 * console use) wired into the engine over the simulated fleet. Anomalies on an ungated metric
 * reach the journal, and a platform gate is read although the ring has no gates of its own.
 * Before, monitorForPlan returned {telemetry, evaluate, close} and silently dropped both
 * capabilities (they were optional members of the port, so the wrapper type-checked).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltPlan } from '../../src-main/core/plan';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { openSimRollout, planOrThrow } from '../helpers/sim-rollout';

let lb: http.Server;
let lbUrl = '';
let rehearsal: Rehearsal;
let built: BuiltPlan;

beforeAll(async () => {
  lb = http.createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((r) => lb.listen(0, '127.0.0.1', r));
  const a = lb.address();
  lbUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/healthz`;
  const text = `release: { name: web, version: '2.0.0-bad', previous: '1.0.0' }
fleet:
  hosts:
${Array.from({ length: 9 }, (_, i) => `    - { name: web-${i + 1}, address: web-${i + 1}.test.invalid }`).join('\n')}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 3 }, bake: 8s }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
  concurrency: 3
telemetry:
  sources:
    - { name: hosts, kind: scrape, port: 9100, interval: 1s }
    - { name: lb, kind: http-probe, url: '${lbUrl}', interval: 1s }
  metrics:
    - { name: error_rate, source: hosts, kind: ratio, numerator: 'http_requests_total{code=~"5.."}', denominator: http_requests_total }
    - { name: lb_up, source: lb, kind: gauge, selector: probe_success }
gates:
  - { name: lb-healthy, metric: lb_up, kind: threshold, op: '>=', limit: 1, window: 2s, minSamples: 1, platform: true }
`;
  built = planOrThrow(text, 'wiring.yaml');
  rehearsal = await startRehearsal(built.plan, { latencyScale: 0.02, seed: 3, rps: 200 });
});

afterAll(async () => {
  await rehearsal?.stop();
  await new Promise((r) => lb.close(r));
});

describe('monitorForPlan through the engine', () => {
  it('journals anomalies and platform gate readings for a ring without gates of its own', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ringside-wiring-'));
    try {
      const engine = await openSimRollout(built, rehearsal, dir);
      try {
        const outcome = await engine.run({ until: 'ring', autoPromote: false });
        expect(outcome.kind).toBe('waiting-promotion');
        const events = (await readFile(engine.journalFile, 'utf8'))
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => (JSON.parse(l) as { event: Record<string, unknown> }).event);
        expect(events.filter((e) => e['type'] === 'AnomalyDetected')).toEqual([
          expect.objectContaining({ ring: 'canary', metric: 'error_rate' }),
        ]);
        const platform = events.filter(
          (e) => e['type'] === 'GateEvaluated' && e['gate'] === 'lb-healthy',
        );
        expect(platform.length).toBeGreaterThan(0);
        expect(platform.every((e) => e['ring'] === null)).toBe(true);
        expect(platform.some((e) => e['outcome'] === 'pass')).toBe(true);
      } finally {
        await engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
