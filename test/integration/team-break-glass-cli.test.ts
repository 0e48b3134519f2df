/**
 * Break-glass as people run it: the real program (dist/cli.js) on the simulated fleet, a
 * private PostgreSQL 15 stopped mid-bake and past the driver's lease. `ringside pause URL`
 * from the driver's directory cannot reach the database, so it goes to the driver's local
 * inbox; the driver journals the pause to its spill file and acts on it at once, then
 * reconciles it into the shared journal when PostgreSQL is back, and stops (paused).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTeamPlan } from '../helpers/team-plan';
import { describeRun } from '../helpers/ringside-cli';
import { useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'break-glass-cli', builtCli: true });

function writePlan(): string {
  return writeTeamPlan(rig.root, {
    zones: ['a', 'a', 'b', 'b'],
    rings: [
      { name: 'canary', select: { count: 2 }, bake: '60s', promotion: 'manual' },
      { name: 'broad', select: { rest: true }, bake: '0s', promotion: 'manual' },
    ],
  });
}

describe('break-glass from the command line', () => {
  it('PostgreSQL down past the lease: ringside pause reaches the driver on this machine, acts at once, and is in the team journal once PostgreSQL is back', async () => {
    const db = await rig.teamDb({ logins: { alice: ['ringside_operator'] } });
    const name = db.name;
    const alice = db.journal('bg', 'alice');
    const plan = writePlan();
    const driver = rig.spawn(['run', plan, '--sim', '--journal', alice, '--lease', '3s']);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const baking = await rig.pg.sql(
        name,
        "SELECT 1 FROM ringside_events WHERE rollout = 'bg' AND type = 'BakeStarted'",
      );
      if (baking.length > 0) {
        break;
      }
      if (Date.now() > deadline || driver.child.exitCode !== null) {
        throw new Error(`the canary never baked\n${driver.stderr()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await rig.pg.pause();
    try {
      // Past the 3 s lease: break-glass does not end with it.
      await new Promise((r) => setTimeout(r, 4_000));
      // From the driver's directory (rig.root): its local inbox is there.
      const paused = await rig.run(['pause', alice, '--reason', 'database down: hold the canary'], {
        cwd: rig.root,
      });
      expect(paused.code, describeRun(paused)).toBe(0);
      expect(paused.stdout.trim()).toMatch(
        /^pause: accepted by the driver of rollout bg on this machine \(break-glass: PostgreSQL at .*: connection refused .*; journaled to its spill file until the database answers\)$/,
      );
      const spillFile = path.join(rig.root, '.ringside', 'spill', 'bg.jsonl');
      const spilled = readFileSync(spillFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(spilled.at(-1)).toMatchObject({
        rollout: 'bg',
        type: 'Paused',
        by: 'alice',
        reason: 'database down: hold the canary',
        epoch: 1,
      });
    } finally {
      await rig.pg.start();
    }
    const r = await driver.done;
    expect(r.code, describeRun(r)).toBe(3);
    expect(r.stderr).toMatch(/break-glass record\(s\) from .*bg\.jsonl are in the team journal/);
    expect(existsSync(path.join(rig.root, '.ringside', 'spill', 'bg.jsonl'))).toBe(false);
    const rows = await rig.pg.sql<{
      seq: string;
      type: string;
      by: string;
      written_by: string;
      epoch: string;
    }>(
      name,
      `SELECT seq, type, record::jsonb -> 'event' ->> 'by' AS by, written_by, epoch
         FROM ringside_events WHERE rollout = 'bg' ORDER BY seq`,
    );
    expect(rows.map((x) => Number(x.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.at(-1)).toMatchObject({
      type: 'Paused',
      by: 'alice',
      written_by: 'alice',
      epoch: '1',
    });
    // No host of broad started: the pause came while the canary baked.
    expect(rows.filter((x) => x.type === 'HostStepStarted')).toHaveLength(2);
  });
});
