/**
 * Log signals over real SSH (ssh2 client against the simulated hosts' `journalctl -f`):
 * error lines of the ring are grouped into masked signatures with trace ids, flagged when
 * the baseline shows them too, and offered as per-host counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromText } from '../../src-main/core/plan';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { LogWatch } from '../../src-main/runtime/telemetry/log-watch';
import { streamExecOf } from '../../src-main/runtime/telemetry/monitor-for-plan';

const text = `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
    - { name: ring-1, address: ring-1.test.invalid }
    - { name: base-1, address: base-1.test.invalid }
domains: { count: 1 }
rings:
  - { name: all, select: { rest: true }, bake: 1s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
`;

let rehearsal: Rehearsal;
beforeAll(async () => {
  const built = planFromText(text, 'logs.yaml');
  if (!built.ok) {
    throw new Error(JSON.stringify(built.error));
  }
  rehearsal = await startRehearsal(built.value.plan, { latencyScale: 0.02, seed: 4 });
  // The ring host runs a crashing build: many ERROR lines; the baseline logs a few.
  rehearsal.fleet.setVersion('ring-1', '2.0.0-bad');
});
afterAll(async () => {
  await rehearsal?.stop();
});

describe('log signals', () => {
  it('follows the ring and baseline logs, masks signatures, keeps trace ids, counts lines', async () => {
    const watch = new LogWatch(
      {
        name: 'app-log',
        kind: 'logs',
        unit: 'app',
        patterns: ['ERROR'],
        traceId: 'trace_id=([0-9a-f]+)',
      },
      streamExecOf(rehearsal.executor, rehearsal.plan),
      Date.now,
    );
    const fetch = watch.fetcher();
    try {
      const first = await fetch(['ring-1', 'base-1']);
      expect(first.samples.size).toBe(0); // follows just started: no data yet, not zero
      expect(first.errors.get('ring-1')).toMatch(/just started/);
      let found = watch.signatures(['ring-1'], ['base-1']);
      for (let i = 0; i < 100 && found.signatures.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        found = watch.signatures(['ring-1'], ['base-1']);
      }
      const top = found.signatures[0];
      expect(top?.signature).toMatch(/^ERROR .*trace_id=<hex> user=<n>$/);
      expect(top?.count).toBeGreaterThan(0);
      expect(found.traceIds.length).toBeGreaterThan(0);
      expect(found.traceIds.every((t) => /^[0-9a-f]{32}$/.test(t))).toBe(true);
      const second = await fetch(['ring-1', 'base-1']);
      const ring = second.samples.get('ring-1') ?? [];
      expect(ring.find((s) => s.name === 'log_error_lines_total')?.value).toBeGreaterThan(0);
      expect(ring.find((s) => s.name === 'log_lines_total')?.value).toBeGreaterThan(0);
    } finally {
      await watch.close();
    }
  });
});
