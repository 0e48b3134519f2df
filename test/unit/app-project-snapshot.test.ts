import { describe, expect, it } from 'vitest';
import { ConsoleSnapshotSchema, type ConsoleSnapshot } from '../../src-main/core/contract';
import { Harness, buildPlan } from '../../src-main/core/rollout/fixtures';
import { projectSnapshot, type ProjectionInput } from '../../src-main/app';
import { chartsSection } from '../../src-main/core/timeline/chart-svg';
import { createTimelineFeed } from '../../src-main/app/timeline-feed';

const plan = buildPlan([
  { name: 'canary', domains: [2], gates: ['errors'], rollbackOnHalt: false, bakeMs: 10_000 },
  { name: 'rest', domains: [2, 2] },
]);

function input(h: Harness, extra: Partial<ProjectionInput> = {}): ProjectionInput {
  return {
    now: h.now,
    revision: 1,
    workspace: { name: 'test', source: { kind: 'demo' }, release: plan.release },
    plan,
    document: null,
    state: h.state,
    haltEvents: h.journal.filter((e) => e.type === 'RingHalted' || e.type === 'HaltSummaryWritten'),
    timeline: [],
    output: new Map(),
    keyType: () => 'ssh-ed25519',
    connections: { identities: [], knownHosts: [], prometheusUrls: [], cloudAccounts: [] },
    previous: null,
    ...extra,
  };
}

function started(): Harness {
  const h = new Harness();
  h.must({ type: 'create', plan, by: 'alice' });
  h.must({ type: 'start', by: 'alice' });
  return h;
}

describe('projectSnapshot', () => {
  it('shows a workspace before any rollout: every host pending, only Start enabled', () => {
    const s = projectSnapshot({ ...input(new Harness()), state: null });
    expect(ConsoleSnapshotSchema.parse(s)).toEqual(s);
    expect(s.rollout.status).toBe('notStarted');
    expect(s.hosts.map((x) => x.state)).toEqual(Array(6).fill('pending'));
    expect(s.actions.filter((a) => a.enabled).map((a) => a.id)).toEqual(['start']);
    expect(s.actions.find((a) => a.id === 'promote')?.why).toBe('no rollout has been started');
  });

  it('projects a baking canary: counts, bake window, gate evidence, promote only with an override, in decide’s words', () => {
    const h = started();
    h.settle();
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'pass',
      evidence: { summary: 'ring 0.4 % vs baseline 0.5 %', ringN: 1200 },
      final: false,
    });
    const s = projectSnapshot(input(h));
    expect(ConsoleSnapshotSchema.parse(s)).toEqual(s);
    const canary = s.rings[0];
    expect(canary?.status).toBe('baking');
    expect(canary?.counts.done).toBe(2);
    expect(canary?.bake?.endsAt).toBe((canary?.bake?.startedAt ?? 0) + 10_000);
    expect(canary?.gates[0]?.evidence).toEqual({
      summary: 'ring 0.4 % vs baseline 0.5 %',
      comparison: null,
      figures: [{ label: 'ring n', value: '1,200' }],
      evaluatedAt: h.now,
    });
    const promote = s.actions.find((a) => a.id === 'promote');
    // Before the bake ends the core accepts promotion only with a written override.
    expect(promote).toMatchObject({ enabled: true, requiresOverride: true });
    expect(promote?.why).toMatch(/bake/);
    expect(s.actions.find((a) => a.id === 'start')?.enabled).toBe(false);
  });

  it('marks a ring promoted past its gates with who overrode and why, and formats its evidence', () => {
    const h = started();
    h.settle();
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'inconclusive',
      evidence: {
        kind: 'sequential',
        ringValue: 0.0261,
        baselineValue: 0.00532,
        ringSamples: 732,
        baselineSamples: 11848,
        statistic: 3.2,
        threshold: 100,
        atMs: h.now,
        reason: 'too few samples',
      },
      final: true,
    });
    const canaryGate = projectSnapshot(input(h)).rings[0]?.gates[0];
    expect(canaryGate?.evidence.comparison).toEqual({
      metric: null,
      ring: '0.0261',
      baseline: '0.00532',
      ringSamples: '732',
      baselineSamples: '11,848',
      confidence: 'limit 100',
    });
    expect(canaryGate?.evidence.figures).toEqual([]);
    h.must({ type: 'promote', by: 'alice', override: { reason: 'latency probe down' } });
    const promoted = { seq: 9, at: h.now, kind: 'Promoted', by: 'alice', ring: 'canary' };
    const s = projectSnapshot(
      input(h, { timeline: [{ ...promoted, host: null, text: 'Ring canary promoted' }] }),
    );
    expect(s.rings[0]).toMatchObject({
      status: 'promoted',
      override: { by: 'alice', reason: 'latency probe down' },
    });
    expect(s.rings[1]?.override).toBeNull();
  });

  it('stops an aborted baking ring: no bake countdown, no ETA, not "baking"', () => {
    const h = started();
    h.settle();
    expect(projectSnapshot(input(h)).rings[0]?.bake).not.toBeNull();
    h.must({ type: 'abort', by: 'alice', reason: 'wrong release' });
    const s = projectSnapshot(input(h));
    expect(ConsoleSnapshotSchema.parse(s)).toEqual(s);
    expect(s.rollout.status).toBe('aborted');
    expect(s.rings[0]).toMatchObject({ status: 'stopped', bake: null, eta: null });
  });

  it('keeps unchanged host views by reference and replaces changed ones', () => {
    const h = started();
    const first = projectSnapshot(input(h));
    h.settle();
    const second = projectSnapshot(input(h, { previous: first, revision: 2 }));
    const third = projectSnapshot(input(h, { previous: second, revision: 3 }));
    const rest = (s: ConsoleSnapshot) => s.hosts.filter((x) => x.ring === 'rest');
    const canary = (s: ConsoleSnapshot) => s.hosts.filter((x) => x.ring === 'canary');
    expect(rest(second)).toEqual(rest(first));
    rest(second).forEach((x, i) => expect(x).toBe(rest(first)[i]));
    canary(second).forEach((x, i) => expect(x).not.toBe(canary(first)[i]));
    third.hosts.forEach((x, i) => expect(x).toBe(second.hosts[i]));
  });

  it('shows the halt with its written summary and re-enables Start once rolled back', () => {
    const h = started();
    h.settle();
    h.must({
      type: 'recordGate',
      ring: 'canary',
      gate: 'errors',
      outcome: 'fail',
      evidence: { reason: 'ring 3 % vs baseline 0.5 %' },
      final: false,
    });
    h.must({ type: 'writeHaltSummary', ring: 'canary', summary: 'Ring canary went bad.' });
    const halted = projectSnapshot(input(h));
    expect(halted.rollout.status).toBe('halted');
    expect(halted.halt).toMatchObject({
      ring: 'canary',
      gate: 'errors',
      text: 'Ring canary went bad.',
    });
    expect(halted.rings[0]?.gates[0]?.outcome).toBe('fail');
    h.must({ type: 'rollback', by: 'alice', reason: 'bad', scope: 'ring' });
    h.settle();
    const back = projectSnapshot(input(h));
    expect(back.rollout.status).toBe('rolledBack');
    expect(back.hosts.filter((x) => x.ring === 'canary').map((x) => x.state)).toEqual([
      'rolledBack',
      'rolledBack',
    ]);
    expect(back.actions.find((a) => a.id === 'start')?.enabled).toBe(true);
    expect(back.halt?.text).toBe('Ring canary went bad.');
  });
});

describe('timeline feed', () => {
  it('keeps journal positions and drops repeated gate readings', () => {
    const h = started();
    h.settle();
    for (const outcome of ['pass', 'pass', 'inconclusive', 'pass'] as const) {
      h.must({
        type: 'recordGate',
        ring: 'canary',
        gate: 'errors',
        outcome,
        evidence: {},
        final: false,
      });
    }
    const feed = createTimelineFeed();
    feed.add(h.journal);
    const gates = feed.entries().filter((e) => e.kind === 'GateEvaluated');
    expect(gates.map((g) => g.text)).toEqual([
      'Gate errors of ring canary: pass.',
      'Gate errors of ring canary: inconclusive.',
      'Gate errors of ring canary: pass.',
    ]);
    const all = feed.entries();
    expect(all[0]).toMatchObject({ seq: 0, kind: 'RolloutCreated', by: 'alice' });
    expect(all.at(-1)?.seq).toBe(h.journal.length - 1);
  });
});

describe('chart SVG for the HTML export', () => {
  it('draws one polyline per ring and the gate limit, escaping names', () => {
    const html = chartsSection(
      [{ name: 'error_rate', unit: 'ratio', thresholds: [{ gate: 'ceiling<5%', value: 0.05 }] }],
      [
        {
          metric: 'error_rate',
          ring: 'baseline',
          points: [
            { t: 0, v: 0.01 },
            { t: 1000, v: 0.02 },
          ],
        },
        {
          metric: 'error_rate',
          ring: 'canary',
          points: [
            { t: 0, v: 0.01 },
            { t: 1000, v: 0.04 },
          ],
        },
      ],
      [
        { t: 200, kind: 'deploy', ring: 'canary', label: 'deploy canary' },
        { t: 800, kind: 'halt', ring: 'canary', label: 'halt <canary>' },
        { t: 5000, kind: 'promote', ring: 'canary', label: 'promote canary (bob)' },
      ],
    );
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html).toContain('ceiling&lt;5% limit 0.05');
    expect(html).not.toContain('<script');
    // Labelled markers, escaped; the time axis stretches to a marker after the last sample.
    expect(html).toContain('>deploy canary</text>');
    expect(html).toContain('>halt &lt;canary&gt;</text>');
    expect(html).toContain('>promote canary (bob)</text>');
  });
});
