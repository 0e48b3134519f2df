/**
 * The demo plans through the real engine, real SSH (ssh2 against the simulated fleet) and
 * real scrapes of the simulator's metrics endpoints: the bad release halts in the canary
 * with a plain-language summary; the good one bakes and reaches promotion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src-main/adapters/inventory/plan-loader';
import type { BuiltPlan } from '../../src-main/core/plan';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';
import { engineRig, type EngineRig } from '../unit/engine-helpers';

async function load(file: string): Promise<BuiltPlan> {
  const r = await loadPlanFromFile(file);
  if (!r.ok) {
    throw new Error(r.error.map((e) => e.message).join('\n'));
  }
  return r.value;
}

/** The plan with a log signal added (the monitor reads it; the rollout plan is unchanged). */
function withLogs(b: BuiltPlan): BuiltPlan {
  const t = b.document.telemetry ?? {};
  return {
    ...b,
    document: {
      ...b.document,
      telemetry: {
        ...t,
        sources: [
          ...(t.sources ?? []),
          {
            name: 'app-log',
            kind: 'logs',
            unit: 'app',
            patterns: ['ERROR', 'panic'],
            traceId: 'trace_id=([0-9a-f]+)',
          },
        ],
      },
    },
  };
}

let rig: EngineRig | null = null;
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

describe('demo plans through the engine with telemetry gates', () => {
  it('halts the bad release in the canary, with a summary naming gate, values and hosts', async () => {
    const built = await load('examples/demo-bad.yaml');
    rig = await engineRig(built.plan);
    const monitor = monitorForPlan(withLogs(built), {
      aws: null,
      sim: rig.rehearsal.fleet,
      plan: rig.rehearsal.plan,
      executor: rig.rehearsal.executor,
      clock: Date.now,
    });
    const engine = await rig.open({ gateMonitor: monitor });
    const outcome = await engine.run({ until: 'end', autoPromote: false });
    const s = engine.state();
    expect(outcome.kind === 'halted' || outcome.kind === 'rolled-back').toBe(true);
    const canary = s.rings[0];
    expect(canary?.halt?.gate).toBe('error-rate-sequential');
    // Nothing beyond the canary ever got the bad version.
    const exposed = Object.values(s.hosts).filter((h) => h.touched);
    expect(exposed.every((h) => h.ring === 0)).toBe(true);
    const summary = canary?.halt?.summary ?? '';
    expect(summary).toMatch(
      /^Ring canary halted at \d\d:\d\d:\d\d UTC: sequential gate error-rate-sequential failed on error_rate/,
    );
    expect(summary).toMatch(/vs baseline \(hosts still on 2\.3\.9\) [\d.]+% \([\d,]+ samples\)/);
    expect(summary).toMatch(/update domain \w+ of canary began deploying/);
    expect(summary).toMatch(/Hosts on the new version: /);
    // The log signal is followed over SSH on the canary: its signatures are reported.
    expect(summary).toMatch(/Top new log signatures: "[^"]+" ×\d+|No new error log signatures/);
  });

  it('lets the good release bake with every gate passing and reach promotion', async () => {
    const built = await load('examples/demo.yaml');
    rig = await engineRig(built.plan);
    const monitor = monitorForPlan(built, {
      aws: null,
      sim: rig.rehearsal.fleet,
      plan: rig.rehearsal.plan,
      clock: Date.now,
    });
    const engine = await rig.open({ gateMonitor: monitor });
    const outcome = await engine.run({ until: 'ring', autoPromote: false });
    expect(outcome.kind).toBe('waiting-promotion');
    const canary = engine.state().rings[0];
    expect(canary?.halt).toBeNull();
    const gates = Object.fromEntries(
      Object.entries(canary?.gates ?? {}).map(([g, v]) => [g, v.outcome]),
    );
    expect(gates).toEqual({
      'error-rate-sequential': 'pass',
      'p99-vs-baseline': 'pass',
      'error-rate-ceiling': 'pass',
    });
    const promoted = await engine.promote('tester', { note: 'gates passed' });
    expect(promoted).toEqual({ ok: true });
  });
});
