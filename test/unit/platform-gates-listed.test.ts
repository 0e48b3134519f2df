/**
 * A platform gate blocks promotion, so it is listed wherever a person decides: in the
 * resolved plan (pending from the start, before its first reading), `preview`, `status` and
 * the active ring's card in the console. Before, it appeared nowhere and blocked only from
 * its first journaled reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleSnapshotSchema } from '../../src-main/core/contract';
import { planFromText } from '../../src-main/core/plan';
import { Harness } from '../../src-main/core/rollout/fixtures';
import { projectSnapshot } from '../../src-main/app';
import { harnessStatus } from '../helpers/harness-status';
import { runCliCaptured } from '../helpers/cli-io';

const text = `release: { name: web, version: 2.4.0, previous: 2.3.9 }
fleet:
  hosts:
    - { name: h1, address: h1.demo.invalid, labels: { zone: a } }
    - { name: h2, address: h2.demo.invalid, labels: { zone: b } }
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 1 }, bake: 10s }
  - { name: rest, select: { rest: true }, bake: 10s }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
telemetry:
  sources: [{ name: lb, kind: http-probe, url: 'http://127.0.0.1:9/healthz', interval: 1s }]
  metrics:
    - { name: lb_up, source: lb, kind: gauge, selector: probe_success }
gates:
  - { name: lb-healthy, metric: lb_up, kind: threshold, op: '>=', limit: 1, window: 3s, minSamples: 1, platform: true }
`;
const dir = mkdtempSync(path.join(tmpdir(), 'ringside-platform-'));
const file = path.join(dir, 'plan.yaml');
writeFileSync(file, text);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function built() {
  const b = planFromText(text, 'plan.yaml');
  if (!b.ok) {
    throw new Error(JSON.stringify(b.error));
  }
  return b.value;
}

/** The canary deployed and baked, no platform reading journaled yet. */
function bakedCanary(): Harness {
  const h = new Harness();
  h.must({ type: 'create', plan: built().plan, by: 'alice' });
  h.must({ type: 'start', by: 'alice' });
  h.settle();
  h.now += 60_000;
  h.settle();
  return h;
}

describe('platform gates are listed where a person decides', () => {
  it('the resolved plan lists them, and they block promotion before their first reading', () => {
    expect(built().plan.platformGates).toEqual(['lb-healthy']);
    const h = bakedCanary();
    expect(h.state.platformGates['lb-healthy']?.outcome).toBe('pending');
    expect(h.run({ type: 'promote', by: 'bob' })).toEqual({
      ok: false,
      reason:
        'cannot promote ring canary: platform gates not passing: lb-healthy (pending). An override with a written reason is needed',
    });
  });

  it('preview prints them (text and JSON)', async () => {
    const t = await runCliCaptured(['preview', file]);
    expect(t.code).toBe(0);
    expect(t.out).toContain(
      'platform gates (every ring; each must pass before any promotion): lb-healthy',
    );
    const j = await runCliCaptured(['preview', file, '--json']);
    expect(JSON.parse(j.out.join('\n'))).toMatchObject({ platformGates: ['lb-healthy'] });
  });

  it('status names them and says they hold the promotion', () => {
    const h = bakedCanary();
    const v = harnessStatus(h);
    expect(v.platformGates).toEqual({ 'lb-healthy': { outcome: 'pending', at: null } });
    expect(v.waitingFor).toContain('platform lb-healthy (pending)');
  });

  it('the console shows them on the active ring’s card, marked as platform gates', () => {
    const h = bakedCanary();
    const b = built();
    const s = projectSnapshot({
      now: h.now,
      revision: 1,
      workspace: { name: 't', source: { kind: 'demo' }, release: b.plan.release },
      plan: b.plan,
      document: b.document,
      state: h.state,
      haltEvents: [],
      timeline: [],
      output: new Map(),
      keyType: () => 'ssh-ed25519',
      connections: { identities: [], knownHosts: [], prometheusUrls: [], cloudAccounts: [] },
      previous: null,
    });
    expect(ConsoleSnapshotSchema.parse(s)).toEqual(s);
    expect(s.rings[0]?.gates).toEqual([
      expect.objectContaining({ name: 'lb-healthy', platform: true, outcome: 'pending' }),
    ]);
    expect(s.rings[1]?.gates).toEqual([]);
  });
});
