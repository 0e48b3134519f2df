import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import {
  eta,
  gatesToWatch,
  operatorActions,
  replay,
  nextWork,
  type RolloutEvent,
  type RolloutState,
} from '../../src-main/core/rollout';

/** One line per ring and a few counters: what a person checks at a glance. */
function summary(s: RolloutState) {
  return {
    status: s.status,
    rings: s.rings.map((r) => `${r.name}:${r.status} ${r.done}/${r.failed}/${r.total}`),
    versions: Object.values(s.hosts).reduce<Record<string, number>>((acc, h) => {
      const v = h.version ?? 'unknown';
      acc[v] = (acc[v] ?? 0) + 1;
      return acc;
    }, {}),
  };
}

function types(events: readonly RolloutEvent[]): string[] {
  return events.map((e) => e.type);
}

const threeRings = () =>
  buildPlan([
    { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000 },
    { name: 'early', domains: [2, 2], gates: ['errors'], bakeMs: 20_000 },
    {
      name: 'broad',
      domains: [3, 3, 2],
      bakeMs: 30_000,
      maxFailedHosts: 1,
      maxFailedHostsPerDomain: 1,
    },
  ]);

function started(plan = threeRings()): Harness {
  const h = new Harness();
  h.must({ type: 'create', plan, by: 'alice' });
  h.must({ type: 'start', by: 'alice' });
  return h;
}

describe('rollout core, example by example', () => {
  it('drives a happy 3-ring rollout to completion with nextWork', () => {
    const h = started();
    for (let ring = 0; ring < 3; ring++) {
      h.settle();
      expect(h.state.status).toBe('baking');
      expect(h.run({ type: 'promote', by: 'alice' })).toMatchObject({ ok: false });
      h.passGates();
      h.now = h.state.rings[ring]?.bakeEndsAt ?? 0;
      h.settle(); // tick
      if (ring < 2) {
        expect(h.state.status).toBe('waiting-promotion');
        h.must({ type: 'promote', by: 'alice', note: 'looks good' });
      }
    }
    expect(summary(h.state)).toMatchInlineSnapshot(`
      {
        "rings": [
          "canary:promoted 1/0/1",
          "early:promoted 4/0/4",
          "broad:healthy 8/0/8",
        ],
        "status": "completed",
        "versions": {
          "2.0.0": 13,
        },
      }
    `);
    expect(replay(h.journal)).toEqual(h.state);
    expect(eta(h.state, h.now)).toBeNull();
  });

  it('halts on a blown failure budget and starts no new host', () => {
    const h = started();
    for (let ring = 0; ring < 2; ring++) {
      h.settle();
      h.passGates();
      h.now = h.state.rings[ring]?.bakeEndsAt ?? 0;
      h.settle();
      h.must({ type: 'promote', by: 'alice' });
    }
    // broad allows 1 failed host per domain: two failures in ud0 halt it.
    h.settle((host) => (host === 'r2-d0-h0' || host === 'r2-d0-h1' ? 1 : 0));
    const halt = h.journal.find((e) => e.type === 'RingHalted');
    expect(halt).toMatchObject({
      ring: 'broad',
      reason: expect.stringMatching(/ud0 .* 2 failed hosts, more than its budget of 1/),
    });
    expect(nextWork(h.state, h.now)).toEqual([]);
    expect(h.run({ type: 'resume', by: 'bob', reason: 'try' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/halted/),
    });
    expect(summary(h.state)).toMatchObject({
      status: 'halted',
      rings: ['canary:promoted 1/0/1', 'early:promoted 4/0/4', 'broad:halted 0/2/8'],
    });
  });

  it('promotes with an override reason only, and journals the reason', () => {
    const h = started();
    h.settle();
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'inconclusive',
      evidence: { samples: 3 },
      final: true,
    });
    const refused = h.run({ type: 'promote', by: 'alice', override: { reason: '   ' } });
    expect(refused).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /bake has not elapsed.*errors \(inconclusive\).*written reason/,
      ),
    });
    expect(h.journal).toHaveLength(11); // refusals appended nothing
    h.must({
      type: 'promote',
      by: 'alice',
      override: { reason: 'canary has no traffic at night' },
    });
    expect(h.journal.at(-2)).toMatchObject({
      type: 'Promoted',
      ring: 'canary',
      next: 'early',
      override: { reason: 'canary has no traffic at night' },
    });
    expect(h.state.rings[0]).toMatchObject({
      status: 'promoted',
      override: { reason: 'canary has no traffic at night' },
    });
  });

  it('halts at once on a gate fail and rolls back when the ring says so', () => {
    const plan = buildPlan([
      { name: 'canary', domains: [2, 2], gates: ['errors'], rollbackOnHalt: true },
      { domains: [1] },
    ]);
    const h = started(plan);
    h.settle();
    const from = h.journal.length;
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'fail',
      evidence: { ring: 0.03, baseline: 0.005 },
      final: false,
    });
    expect(types(h.journal.slice(from))).toEqual([
      'GateEvaluated',
      'RingHalted',
      'RollbackStarted',
    ]);
    h.settle();
    const rolled = h.journal
      .filter((e) => e.type === 'HostRolledBack')
      .map((e) => ('host' in e ? e.host : ''));
    // Domains in reverse order: ud1 before ud0.
    expect(rolled).toEqual(['r0-d1-h0', 'r0-d1-h1', 'r0-d0-h0', 'r0-d0-h1']);
    expect(summary(h.state)).toMatchObject({ status: 'rolled-back', versions: { '1.0.0': 5 } });
  });

  it('allows an emergency rollback while deploying, and refuses a plain one', () => {
    const h = started();
    h.must({ type: 'beginDomain', ring: 'canary', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    expect(h.run({ type: 'rollback', by: 'bob', reason: 'x', scope: 'all' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/pause first.*emergency/),
    });
    h.must({
      type: 'rollback',
      by: 'bob',
      reason: 'pager went off',
      scope: 'all',
      emergency: true,
    });
    expect(nextWork(h.state, h.now)).toEqual([]); // the running install finishes first
    h.must({
      type: 'recordStepResult',
      host: 'r0-d0-h0',
      step: 'install',
      phase: 'deploy',
      exitCode: 0,
      durationMs: 5,
      tail: [],
    });
    expect(nextWork(h.state, h.now)).toEqual([
      {
        kind: 'runStep',
        ring: 'canary',
        domain: 'ud0',
        host: 'r0-d0-h0',
        step: 'revert',
        phase: 'rollback',
      },
    ]);
    h.settle();
    expect(h.state.rollback).toMatchObject({ emergency: true, by: 'bob', completedAt: h.now });
    expect(summary(h.state).status).toBe('rolled-back');
  });

  it('turns unfinished steps into in-doubt hosts on recover, then verifies them', () => {
    const plan = buildPlan([{ domains: [2] }], {
      verify: { name: 'check', command: 'appctl version', timeoutMs: 5_000, idempotent: true },
      concurrency: 2,
    });
    const h = started(plan);
    h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h1', step: 'install', phase: 'deploy' });
    // crash: a new process replays the journal and recovers
    const fresh = new Harness(h.now + 60_000);
    fresh.state = replay(h.journal);
    const events = fresh.must({ type: 'recover' });
    expect(events.map((e) => `${e.type} ${'host' in e ? e.host : ''}`)).toEqual([
      'HostInDoubt r0-d0-h0',
      'HostInDoubt r0-d0-h1',
    ]);
    // install is not idempotent: verify, never a blind re-run
    expect(
      nextWork(fresh.state, fresh.now).map((i) =>
        i.kind === 'runStep' ? `${i.host} ${i.step} ${i.phase}` : i.kind,
      ),
    ).toEqual(['r0-d0-h0 check verify', 'r0-d0-h1 check verify']);
    // h0 did get the new version; h1 did not
    let firstCheck = true;
    fresh.settle((host, step) => {
      if (step === 'check' && host === 'r0-d0-h1' && firstCheck) {
        firstCheck = false;
        return 3;
      }
      return 0;
    });
    const installs = [...h.journal, ...fresh.journal]
      .filter((e) => e.type === 'HostStepStarted' && e.step === 'install')
      .map((e) => ('host' in e ? e.host : ''));
    expect(installs).toEqual(['r0-d0-h0', 'r0-d0-h1', 'r0-d0-h1']);
    expect(summary(fresh.state)).toMatchObject({ status: 'baking', versions: { '2.0.0': 2 } });
  });

  it('numbers a re-run after a negative verify as attempt 2 of the step, not 1 again', () => {
    const plan = buildPlan([{ domains: [1] }], {
      verify: { name: 'check', command: 'appctl version', timeoutMs: 5_000, idempotent: true },
    });
    const h = started(plan);
    h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({ type: 'recover' });
    let checks = 0;
    h.settle((_host, step) => (step === 'check' && checks++ === 0 ? 3 : 0));
    const starts = h.journal
      .filter((e) => e.type === 'HostStepStarted')
      .map((e) => (e.type === 'HostStepStarted' ? `${e.phase}:${e.step}#${e.attempt}` : ''));
    expect(starts).toEqual([
      'deploy:install#1',
      'verify:check#1',
      'deploy:install#2',
      'deploy:health#1',
    ]);
  });

  it('auto-promotes when bake elapsed and gates pass, and pauses on a platform gate fail', () => {
    const plan = buildPlan([
      { domains: [1], promotion: 'auto', gates: ['errors'] },
      { domains: [1] },
    ]);
    const h = started(plan);
    h.settle();
    h.passGates();
    h.now += 60_000;
    h.settle();
    expect(h.journal.find((e) => e.type === 'Promoted')).toMatchObject({
      by: 'ringside',
      next: 'ring1',
    });
    h.must({
      type: 'recordGate',
      ring: null,
      gate: 'k8s-api',
      outcome: 'fail',
      evidence: { reason: 'probe timed out' },
      final: false,
    });
    expect(h.state.status).toBe('paused');
    expect(nextWork(h.state, h.now)).toEqual([]);
    h.must({ type: 'resume', by: 'bob', reason: 'api back' });
    expect(h.state.status).toBe('baking');
  });

  it('refuses with sentences, never throws, and emits nothing', () => {
    const h = new Harness();
    expect(h.run({ type: 'start', by: 'a' })).toEqual({
      ok: false,
      reason: 'there is no rollout yet: create it from a plan first',
    });
    h.must({ type: 'create', plan: threeRings(), by: 'a' });
    expect(
      h.run({ type: 'beginHostStep', host: 'nope', step: 'install', phase: 'deploy' }),
    ).toEqual({ ok: false, reason: 'host nope is not in this rollout' });
    expect(h.run({ type: 'note', by: 'a', text: ' ' })).toMatchObject({ ok: false });
    expect(h.journal).toHaveLength(1);
  });

  it('estimates time left from observed step durations and bakes', () => {
    const h = started();
    h.settle(() => 0, 2_000);
    // canary baking for 10 s, early: 2 domains of 2 hosts at concurrency 2 = 2 x 4 s, + 20 s bake ...
    const e = eta(h.state, h.now);
    expect(e).toMatchObject({ observedSteps: 2, manualPromotions: 2 });
    expect(e?.remainingMs).toBe(10_000 + 8_000 + 20_000 + 16_000 + 30_000);
  });

  it('re-runs an idempotent step in doubt, and lets a person settle a non-idempotent one', () => {
    const plan = buildPlan([{ domains: [2] }], {
      steps: [
        { name: 'install', command: 'i', timeoutMs: 1, idempotent: false },
        { name: 'health', command: 'h', timeoutMs: 1, idempotent: true },
      ],
    });
    const h = started(plan);
    h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({
      type: 'recordStepResult',
      host: 'r0-d0-h0',
      step: 'install',
      phase: 'deploy',
      exitCode: 0,
      durationMs: 1,
      tail: [],
    });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'health', phase: 'deploy' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h1', step: 'install', phase: 'deploy' });
    h.must({ type: 'recover' });
    // health is idempotent: run again; install is not and there is no verify step: wait for a person
    expect(nextWork(h.state, h.now)).toEqual([
      {
        kind: 'runStep',
        ring: 'ring0',
        domain: 'ud0',
        host: 'r0-d0-h0',
        step: 'health',
        phase: 'deploy',
      },
    ]);
    expect(
      h.run({ type: 'beginHostStep', host: 'r0-d0-h1', step: 'install', phase: 'deploy' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/in doubt about install.*not idempotent/),
    });
    h.must({
      type: 'resolveInDoubt',
      by: 'carol',
      host: 'r0-d0-h1',
      resolution: 'completed',
      reason: 'version file checked by hand',
    });
    h.settle();
    expect(h.state.hosts['r0-d0-h1']).toMatchObject({
      status: 'done',
      completedSteps: ['install', 'health'],
    });
    expect(h.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      'carol resolve-in-doubt r0-d0-h1: completed (version file checked by hand)',
    );
    expect(h.state.status).toBe('baking');
  });

  it('holds a host with an unknown key until its fingerprint is approved', () => {
    const h = started(buildPlan([{ domains: [1] }]));
    h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({ type: 'hostNeedsApproval', host: 'r0-d0-h0', fingerprint: 'SHA256:new' });
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({ status: 'needs-approval', touched: false });
    expect(nextWork(h.state, h.now)).toEqual([]);
    expect(
      h.run({ type: 'approveHost', by: 'bob', host: 'r0-d0-h0', fingerprint: 'SHA256:other' }),
    ).toMatchObject({ ok: false });
    h.must({ type: 'approveHost', by: 'bob', host: 'r0-d0-h0', fingerprint: 'SHA256:new' });
    h.settle();
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({
      status: 'done',
      attempts: 1,
      attemptOf: 'deploy:health',
    });
  });

  it('a rejected host key fails the host, counts toward the budget and can halt the ring', () => {
    const h = started(buildPlan([{ domains: [2], maxFailedHosts: 0 }], { concurrency: 2 }));
    h.must({ type: 'beginDomain', ring: 'ring0', domain: 'ud0' });
    h.must({ type: 'beginHostStep', host: 'r0-d0-h0', step: 'install', phase: 'deploy' });
    h.must({ type: 'hostNeedsApproval', host: 'r0-d0-h0', fingerprint: 'SHA256:new' });
    expect(
      h.run({ type: 'rejectHost', by: 'bob', host: 'r0-d0-h0', fingerprint: 'SHA256:other' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/presented SHA256:new/) });
    expect(
      h.run({ type: 'rejectHost', by: 'bob', host: 'r0-d0-h1', fingerprint: 'SHA256:new' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not waiting/) });
    const events = h.must({
      type: 'rejectHost',
      by: 'bob',
      host: 'r0-d0-h0',
      fingerprint: 'SHA256:new',
    });
    expect(types(events)).toEqual(['HostKeyRejected', 'RingHalted']);
    expect(h.state.hosts['r0-d0-h0']).toMatchObject({
      status: 'failed',
      touched: false,
      lastReason: 'host key rejected by bob (SHA256:new)',
    });
    expect(h.state.status).toBe('halted');
    expect(h.state.actions.map((a) => `${a.by} ${a.action} ${a.detail}`)).toContain(
      'bob reject-host r0-d0-h0 SHA256:new',
    );
    expect(replay(h.journal)).toEqual(h.state);
  });

  it('a host in doubt about a rollback step holds its rollback slot', () => {
    const h = started(buildPlan([{ domains: [2] }], { concurrency: 1 }));
    h.settle();
    h.must({ type: 'rollback', by: 'bob', reason: 'bad', scope: 'ring', emergency: true });
    const first = nextWork(h.state, h.now)[0];
    expect(first).toMatchObject({ kind: 'runStep', phase: 'rollback' });
    if (first?.kind === 'runStep') {
      h.must({ type: 'beginHostStep', host: first.host, step: first.step, phase: 'rollback' });
    }
    h.must({ type: 'recover' }); // the revert's end was lost
    const items = nextWork(h.state, h.now);
    expect(items.map((i) => (i.kind === 'runStep' ? i.host : i.kind))).toEqual([
      first?.kind === 'runStep' ? first.host : '?',
    ]);
    // Every item is accepted in order (settle throws on a refusal), and the rollback ends.
    h.settle();
    expect(h.state.status).toBe('rolled-back');
  });

  it('tells the console which buttons work and why the others do not', () => {
    const h = started();
    h.settle();
    const view = (id: string) => operatorActions(h.state, h.now).find((a) => a.id === id);
    expect(view('promote')).toMatchObject({
      enabled: true,
      requiresOverride: true,
      why: expect.stringMatching(/bake has not elapsed/),
    });
    expect(view('rollbackRing')).toMatchObject({
      enabled: false,
      why: expect.stringMatching(/baking: wait for the bake/),
    });
    expect(view('emergencyRollback')).toMatchObject({ enabled: true, why: null });
    expect(view('start')).toMatchObject({ enabled: false });
    expect(gatesToWatch(h.state)).toEqual({ ring: 'canary', gates: ['errors'] });
  });
});
