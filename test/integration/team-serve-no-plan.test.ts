/**
 * `ringside serve --team URL` with no PLAN (dist/cli.js, a real PostgreSQL 15): no local
 * workspace opens (before, the built-in demo fleet of 60 simulated hosts started beside the
 * team database); the console has no hosts until a team rollout is opened, and lists the
 * team's rollouts. With ?rollout=NAME that rollout is the console's whole subject: the
 * snapshot's workspace stands for it (named after the rollout, with its release),
 * its hosts are the fleet, its charts the metrics its driver shared, and the banner (with
 * the login's role) is there from the start.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, releaseLease, writeTeamSamples } from '../../src-main/adapters/journal-pg';
import type { ConsoleSnapshot, TeamRolloutSummary } from '../../src-main/core/contract';
import { callConsole, consoleUrlOf } from '../helpers/console-ws';
import { describeRun } from '../helpers/ringside-cli';
import { writeTeamPlan } from '../helpers/team-plan';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-serve-no-plan', builtCli: true });

/** Serves the console on `team` (no PLAN), runs `f` on its URL, then stops it (SIGTERM). */
async function withConsole(team: string, f: (url: string) => Promise<void>): Promise<void> {
  const serve = rig.spawn(['serve', '--team', team, '--journal', path.join(rig.root, 'j')]);
  try {
    await f(await consoleUrlOf(serve, 'ringside serve --team'));
  } finally {
    serve.child.kill('SIGTERM');
    await serve.done;
  }
}

async function call<T>(url: string, method: string): Promise<T> {
  const r = await callConsole(url, method, {});
  if (r.error !== undefined) {
    throw new Error(r.error);
  }
  return r.result as T;
}

describe('ringside serve --team URL without a plan', () => {
  it('opens no demo fleet; ?rollout= makes the team rollout the whole console', async () => {
    const db = await rig.teamDb({
      logins: { alice: ['ringside_operator'], vera: ['ringside_viewer'] },
    });
    const plan = writeTeamPlan(rig.root, {
      zones: ['a', 'b'],
      rings: [{ name: 'canary', select: { rest: true }, bake: '0s', promotion: 'auto' }],
    });
    const run = await rig.run(['run', plan, '--sim', '--journal', db.journal('done', 'alice')]);
    expect(run.code, describeRun(run)).toBe(0);

    await withConsole(db.login.vera, async (url) => {
      const snapshot = await call<ConsoleSnapshot>(url, 'getSnapshot');
      expect(snapshot.workspace).toBeNull();
      expect(snapshot.hosts).toEqual([]);
      expect(await call(url, 'getTeamRollout')).toBeNull();
      const listed = await call<TeamRolloutSummary[]>(url, 'listTeamRollouts');
      expect(listed.map((r) => [r.rollout, r.outcome])).toEqual([['done', 'done']]);
    });

    // Samples as a driver shares them (under a lease, as the fence wants).
    await rig.withClient(db.url, async (c) => {
      const got = await acquireLease(
        c,
        'done',
        { holder: 'test', machine: 'm', pid: 1 },
        60_000,
        'free',
      );
      const epoch = got.ok ? got.lease.epoch : -1;
      const at = Date.now() - (Date.now() % 5000);
      expect(
        await writeTeamSamples(c, 'done', epoch, [
          { metric: 'p99_latency', scope: 'canary', t: at, v: 0.2, n: 3 },
          { metric: 'error_rate', scope: 'canary', t: at, v: 0.01, n: 3 },
        ]),
      ).toBe('written');
      await releaseLease(c, 'done', epoch);
    });

    await withConsole(db.journal('done', 'vera'), async (url) => {
      const snapshot = await call<ConsoleSnapshot>(url, 'getSnapshot');
      expect(snapshot.workspace).toEqual({
        name: 'team rollout done',
        source: { kind: 'team' },
        release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
      });
      expect(snapshot.shown).toEqual({ id: 'done', readOnly: true });
      expect(snapshot.hosts.map((h) => [h.name, h.version])).toEqual([
        ['h1', '2.0.0'],
        ['h2', '2.0.0'],
      ]);
      // No local plan: the charts are the metrics its driver shared, in plain numbers.
      expect(snapshot.metrics).toEqual([
        { name: 'error_rate', unit: '', thresholds: [] },
        { name: 'p99_latency', unit: '', thresholds: [] },
      ]);
      const series = await call<{ metric: string; ring: string; points: unknown[] }[]>(
        url,
        'getSeries',
      );
      expect(series.map((x) => [x.metric, x.ring, x.points.length]).sort()).toEqual([
        ['error_rate', 'canary', 1],
        ['p99_latency', 'canary', 1],
      ]);
      expect(await call(url, 'getTeamRollout')).toMatchObject({
        rollout: 'done',
        login: 'vera',
        role: 'viewer',
        readOnly: true,
      });
    });
  }, 120_000);
});
