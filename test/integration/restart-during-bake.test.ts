/**
 * A kill or restart during a bake must not leave `--auto-promote` needing a person: the
 * resumed run's gates start with empty windows, so the bake waits for them to refill (a
 * whole bake's length of readings) before the usual grace readings. Before, the engine gave
 * up after three readings and every further resume stopped with "needs an override".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltPlan } from '../../src-main/core/plan';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { openSimRollout, planOrThrow } from '../helpers/sim-rollout';

const text = `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
${Array.from({ length: 9 }, (_, i) => `    - { name: web-${i + 1}, address: web-${i + 1}.test.invalid, labels: { zone: ${'abc'[i % 3]} } }`).join('\n')}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 3 }, bake: 8s, gates: [errors-seq, errors-ceiling] }
  - { name: rest, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
  concurrency: 3
telemetry:
  sources: [{ name: hosts, kind: scrape, port: 9100, interval: 1s }]
  metrics:
    - { name: error_rate, source: hosts, kind: ratio, numerator: 'http_requests_total{code=~"5.."}', denominator: http_requests_total }
gates:
  - { name: errors-seq, metric: error_rate, kind: sequential, test: counts, minSamples: 50 }
  - { name: errors-ceiling, metric: error_rate, kind: threshold, op: '<', limit: 0.05, window: 7s, minSamples: 50 }
`;

let rehearsal: Rehearsal;
let built: BuiltPlan;

beforeAll(async () => {
  built = planOrThrow(text, 'restart.yaml');
  rehearsal = await startRehearsal(built.plan, { latencyScale: 0.02, seed: 5, rps: 100 });
});

afterAll(async () => {
  await rehearsal?.stop();
});

const open = (dir: string) => openSimRollout(built, rehearsal, dir);

describe('restart during a bake', () => {
  it('a resumed --auto-promote run refills its gates and finishes without a person', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ringside-restart-'));
    try {
      const first = await open(dir);
      const running = first.run({ until: 'end', autoPromote: true });
      // Stop in the middle of the canary's bake, as a kill or a laptop restart would.
      for (let i = 0; i < 200 && first.state().rings[0]?.status !== 'baking'; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(first.state().rings[0]?.status).toBe('baking');
      await new Promise((r) => setTimeout(r, 7000));
      await first.close();
      expect((await running).kind).toBe('closed');

      const second = await open(dir);
      const resumedAt = Date.now();
      try {
        const outcome = await second.run({ until: 'end', autoPromote: true });
        const gates = second.state().rings[0]?.gates;
        expect(outcome.kind, JSON.stringify({ outcome, gates })).toBe('finished');
        expect(Object.values(gates ?? {}).map((g) => g.outcome)).toEqual(['pass', 'pass']);
        // The verdict rests on a refilled window: a whole bake's length of readings after the
        // resume, not the second of data left when the journal's bake end had already passed.
        for (const g of Object.values(gates ?? {})) {
          expect(g.final).toBe(true);
          expect(g.at ?? 0).toBeGreaterThanOrEqual(resumedAt + 8000 - 1000);
        }
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
