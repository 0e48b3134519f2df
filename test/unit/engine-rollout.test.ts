import { afterEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { engineRig, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const fast = { bakeMs: 50 };

describe('rollout engine over the simulated fleet (real SSH)', () => {
  it('runs a 3-ring rollout to completion with auto-promote; every host on the new version', async () => {
    const plan = buildPlan([
      { ...fast, domains: [1] },
      { ...fast, domains: [2, 2] },
      { ...fast, domains: [3, 3] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open();
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome, JSON.stringify(rig.events.filter((e) => e.type === 'step-end'))).toEqual({
      kind: 'finished',
    });
    for (const h of plan.hosts) {
      expect(rig.rehearsal.fleet.state(h.name)?.version).toBe('2.0.0');
      expect(rig.execs(h.name, 'appctl install').length).toBe(1);
    }
    expect(engine.state().status).toBe('completed');
    // Domains of one ring never overlap (parallelDomains 1).
    const ud0 = ['r2-d0-h0', 'r2-d0-h1', 'r2-d0-h2'].flatMap((h) => rig?.execs(h, 'health') ?? []);
    const ud1 = ['r2-d1-h0', 'r2-d1-h1', 'r2-d1-h2'].flatMap((h) => rig?.execs(h, 'install') ?? []);
    expect(Math.max(...ud0.map((x) => x.endedMs ?? Infinity))).toBeLessThanOrEqual(
      Math.min(...ud1.map((x) => x.startedMs)),
    );
  });

  it('waits for promotion, then continues after promote', async () => {
    const plan = buildPlan([
      { ...fast, domains: [1] },
      { ...fast, domains: [2] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open();
    const first = await engine.run({ until: 'end', autoPromote: false });
    expect(first).toMatchObject({ kind: 'waiting-promotion', ring: 'ring0' });
    expect(rig.execs('r1-d0-h0', 'install')).toEqual([]);
    expect(await engine.promote('alice', { note: 'looks good' })).toEqual({ ok: true });
    // The last ring completes on its own once baked with every gate passing (none here).
    expect(await engine.run({ until: 'end', autoPromote: false })).toEqual({ kind: 'finished' });
    expect(engine.state().actions.find((a) => a.action === 'promote')?.by).toBe('alice');
  });

  it('halts on a blown failure budget: no new host starts after the halt', async () => {
    const plan = buildPlan(
      [
        { ...fast, domains: [4, 4] },
        { ...fast, domains: [2] },
      ],
      {
        concurrency: 1,
      },
    );
    rig = await engineRig(plan);
    await rig.rehearsal.fleet.setFault('r0-d0-h1', {
      kind: 'command-fails',
      pattern: 'install',
      exitCode: 7,
    });
    const engine = await rig.open();
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toMatchObject({ kind: 'halted', ring: 'ring0' });
    expect(engine.state().rings[0]?.halt?.reason).toMatch(/more than its budget of 0/);
    // concurrency 1, hosts in name order: h0 done, h1 failed, then nothing else ever started.
    for (const h of ['r0-d0-h2', 'r0-d0-h3', 'r0-d1-h0', 'r1-d0-h0']) {
      expect(rig.execs(h, 'appctl')).toEqual([]);
    }
    const failed = rig.events.find((e) => e.type === 'step-end' && !e.ok);
    expect(failed).toMatchObject({ host: 'r0-d0-h1', step: 'install' });
    expect(JSON.stringify(failed)).toMatch(/exited with 7/);
  });

  it('rolls back domain by domain in reverse order', async () => {
    const plan = buildPlan([
      { ...fast, domains: [2, 2, 2] },
      { ...fast, domains: [1] },
    ]);
    rig = await engineRig(plan);
    const engine = await rig.open();
    expect(await engine.run({ until: 'end', autoPromote: false })).toMatchObject({
      kind: 'waiting-promotion',
    });
    expect(await engine.rollback('bob', 'customer reports', { scope: 'ring' })).toEqual({
      ok: true,
    });
    const outcome = await engine.run({ until: 'end', autoPromote: false });
    expect(outcome).toEqual({ kind: 'rolled-back', rings: ['ring0'] });
    const times = [0, 1, 2].map((d) =>
      [0, 1].flatMap(
        (h) => rig?.execs(`r0-d${d}-h${h}`, "RS_previous='1.0.0'; appctl install") ?? [],
      ),
    );
    for (const t of times) {
      expect(t.length).toBe(2);
    }
    const [d0, d1, d2] = times.map((t) => ({
      first: Math.min(...t.map((x) => x.startedMs)),
      last: Math.max(...t.map((x) => x.endedMs ?? Infinity)),
    }));
    expect(d2 && d1 && d0).toBeTruthy();
    expect(d2!.last).toBeLessThanOrEqual(d1!.first);
    expect(d1!.last).toBeLessThanOrEqual(d0!.first);
    for (const h of plan.rings[0]!.domains.flatMap((d) => d.hosts)) {
      expect(rig.rehearsal.fleet.state(h)?.version).toBe('1.0.0');
    }
  });

  it('pauses (running steps finish) and resumes', async () => {
    const plan = buildPlan([{ ...fast, domains: [3] }], { concurrency: 1 });
    rig = await engineRig(plan);
    const engine = await rig.open();
    let paused = false;
    engine.subscribe((e) => {
      if (!paused && e.type === 'step-end' && e.host === 'r0-d0-h0' && e.step === 'install') {
        paused = true;
        void engine.pause('carol', 'lunch');
      }
    });
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    expect(outcome).toEqual({ kind: 'paused', by: 'carol', reason: 'lunch' });
    expect(rig.execs('r0-d0-h1', 'appctl')).toEqual([]);
    expect(await engine.resume('carol', 'back')).toEqual({ ok: true });
    expect(await engine.run({ until: 'end', autoPromote: true })).toEqual({ kind: 'finished' });
    for (const h of plan.hosts) {
      expect(rig.execs(h.name, 'install').length).toBe(1);
    }
  });
});
