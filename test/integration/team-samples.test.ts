/**
 * A team rollout's charts on a following desk, against a real PostgreSQL and the real driver
 * (dist/cli.js run --sim as alice, the plan scraping the simulated hosts' metrics): the driver
 * writes its samples, downsampled to 5 s buckets, to ringside_samples; vera's console (a
 * viewer) opens the rollout and gets the canary's and the baseline's series, then later
 * batches as onSamples pushes. A viewer reads samples but cannot write them; a schema at
 * version 3 is refused by a run and migrated by team init.
 */
import { describe, expect, it } from 'vitest';
import {
  acquireLease,
  readTeamSamples,
  writeTeamSamples,
} from '../../src-main/adapters/journal-pg';
import { samplesFencedWords } from '../../src-main/core/words';
import { writeTeamPlan } from '../helpers/team-plan';
import { describeRun } from '../helpers/ringside-cli';
import { expectMigratedByTeamInit, until, useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-samples', builtCli: true });
/** The driver shares a batch every few seconds: poll gently, give it time. */
const POLL = { limitMs: 40_000, everyMs: 200 };

/** Four simulated hosts; the canary (two) bakes 60 s under gates read from their metrics. */
function writePlan(): string {
  return writeTeamPlan(rig.root, {
    zones: ['a', 'a', 'b', 'b'],
    rings: [
      {
        name: 'canary',
        select: { count: 2 },
        bake: '60s',
        promotion: 'manual',
        gates: ['p99-vs-baseline', 'error-rate-ceiling'],
      },
      { name: 'broad', select: { rest: true }, bake: '0s', promotion: 'manual' },
    ],
    extra: {
      telemetry: {
        sources: [{ name: 'hosts', kind: 'scrape', port: 9100, path: '/metrics', interval: '1s' }],
        metrics: [
          {
            name: 'error_rate',
            source: 'hosts',
            kind: 'ratio',
            numerator: 'http_requests_total{code=~"5.."}',
            denominator: 'http_requests_total',
          },
          {
            name: 'p99_latency',
            source: 'hosts',
            kind: 'quantile',
            histogram: 'http_request_duration_seconds',
            q: 0.99,
          },
        ],
      },
      gates: [
        {
          name: 'p99-vs-baseline',
          metric: 'p99_latency',
          kind: 'baseline',
          mode: 'ratio',
          tolerance: 1.5,
          window: '30s',
        },
        {
          name: 'error-rate-ceiling',
          metric: 'error_rate',
          kind: 'threshold',
          op: '<',
          limit: 0.05,
          window: '30s',
        },
      ],
    },
  });
}

/** `ringside run` of the plan on the simulated fleet, journaled in `journal`. */
function drive(journal: string, extra: readonly string[] = []) {
  return rig.spawn(['run', writePlan(), '--sim', '--journal', journal, ...extra]);
}

describe('team rollout samples', () => {
  it("the driver's samples reach a following console: series on open, later batches pushed", async () => {
    const db = await rig.teamDb({
      logins: { alice: ['ringside_operator'], vera: ['ringside_viewer'] },
    });
    const driver = drive(db.journal('live', 'alice'));
    const scopes = () =>
      rig.pg.sql<{ scope: string; n: number }>(
        db.name,
        "SELECT scope, count(*)::int AS n FROM ringside_samples WHERE rollout = 'live' GROUP BY scope",
      );
    await until(
      'samples of the canary and its baseline in the database',
      scopes,
      (rows) =>
        rows.some((r) => r.scope === 'canary') && rows.some((r) => r.scope.startsWith('baseline')),
      POLL,
    );
    // Downsampled: one row per series and 5 s bucket, each the mean of the points in it.
    const rows = await rig.pg.sql<{ t: string; n: number }>(
      db.name,
      "SELECT t, n FROM ringside_samples WHERE rollout = 'live'",
    );
    expect(rows.every((r) => Number(r.t) % 5000 === 0 && r.n >= 1)).toBe(true);

    const vera = await rig.teamConsole(db.login.vera);
    const pushes: { metric: string; ring: string; points: { t: number; v: number }[] }[] = [];
    vera.onSamples((p) => pushes.push(p));
    await vera.openTeamRollout({ rollout: 'live' });
    const series = await vera.getSeries({});
    const rings = (metric: string) =>
      series
        .filter((s) => s.metric === metric && s.points.length > 0)
        .map((s) => s.ring)
        .sort();
    expect(rings('p99_latency')).toEqual(['baseline', 'canary']);
    expect(rings('error_rate')).toEqual(['baseline', 'canary']);
    const newest = Math.max(...series.flatMap((s) => s.points.map((p) => p.t)));
    expect(
      (await vera.getSeries({ metric: 'error_rate' })).every((s) => s.metric === 'error_rate'),
    ).toBe(true);

    // A later batch reaches the page as a push (LISTEN on vera's follow connection).
    await until(
      'a pushed sample of the canary',
      async () => pushes,
      (p) => p.some((s) => s.ring === 'canary' && s.points.some((x) => x.t >= newest)),
      POLL,
    );
    const later = await vera.getSeries({ metric: 'p99_latency' });
    expect(later.find((s) => s.ring === 'canary')?.points.at(-1)?.t).toBeGreaterThanOrEqual(newest);

    // Settled, it opens read-only; the page asks for its series by id, as for a past rollout.
    const aborted = await rig.run(['abort', db.journal('live', 'alice'), '--reason', 'end']);
    expect(aborted.code, describeRun(aborted)).toBe(0);
    await driver.done;
    const settled = await vera.openTeamRollout({ rollout: 'live' });
    expect(settled.shown).toEqual({ id: 'live', readOnly: true });
    const past = await vera.getSeries({ rollout: 'live', metric: 'error_rate' });
    expect(past.map((s) => s.ring).sort()).toEqual(['baseline', 'canary']);
    expect(past.every((s) => s.points.length > 0)).toBe(true);
  }, 120_000);

  it('a driver whose lease was taken over writes no samples afterwards', async () => {
    const db = await rig.teamDb({
      logins: { alice: ['ringside_operator'], carol: ['ringside_operator'] },
    });
    const driver = drive(db.journal('taken', 'alice'), ['--lease', '30s']);
    const stored = () =>
      rig.pg.sql<{ scope: string; t: string; n: number; v: number }>(
        db.name,
        "SELECT scope, t, n, v FROM ringside_samples WHERE rollout = 'taken' ORDER BY scope, t",
      );
    await until(
      'samples of the canary',
      stored,
      (rows) => rows.some((r) => r.scope === 'canary'),
      POLL,
    );
    const took = await rig.run([
      'takeover',
      db.journal('taken', 'carol'),
      '--reason',
      'alice away',
    ]);
    expect(took.code, describeRun(took)).toBe(0);
    // A batch that held the lease row before the takeover committed is in; none can follow.
    const atTakeover = await stored();
    const stopped = await driver.done;
    expect(stopped.code, describeRun(stopped)).toBe(3);
    expect(await stored()).toEqual(atTakeover);
    // Said at most once (a batch after the takeover, or the last one as the driver stops).
    const fenced = stopped.stderr
      .split('\n')
      .filter((l) => l.includes(samplesFencedWords('taken', 1)));
    expect(fenced.length).toBeLessThanOrEqual(1);
  }, 120_000);

  it('a viewer login reads samples and cannot write them', async () => {
    const db = await rig.teamDb({
      logins: { otto: ['ringside_operator'], vera: ['ringside_viewer'] },
    });
    const otto = await rig.connect(db.login.otto);
    const vera = await rig.connect(db.login.vera);
    try {
      const sample = { metric: 'error_rate', scope: 'canary', t: 5000, v: 0.02, n: 2 };
      // Samples are written under the lease, as events are.
      const got = await acquireLease(
        otto,
        'r',
        { holder: 'otto', machine: 'm', pid: 1 },
        60_000,
        'free',
      );
      const epoch = got.ok ? got.lease.epoch : -1;
      expect(await writeTeamSamples(otto, 'r', epoch, [sample])).toBe('written');
      // The same bucket again keeps the mean of all its points.
      await writeTeamSamples(otto, 'r', epoch, [{ ...sample, v: 0.05, n: 1 }]);
      const read = await readTeamSamples(vera, 'r');
      expect(read).toHaveLength(1);
      expect(read[0]?.n).toBe(3);
      expect(read[0]?.v).toBeCloseTo(0.03, 10);
      await expect(
        writeTeamSamples(vera, 'r', epoch, [{ ...sample, t: 10_000 }]),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await expect(
        vera.query("UPDATE ringside_samples SET v = 0 WHERE rollout = 'r'"),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await otto.end();
      await vera.end();
    }
  });
});

describe('team schema version 4', () => {
  it('a run on a version 3 schema names the command that migrates it; team init adds the samples table', async () => {
    await expectMigratedByTeamInit(rig, { from: 3, plan: writePlan(), table: 'ringside_samples' });
  });
});
