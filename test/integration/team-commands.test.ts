/**
 * Commands from other desks to a live team driver, through the commands table, against a
 * real PostgreSQL 15 and the real program (dist/cli.js) on the simulated fleet: otto's
 * promote is decided by alice's driver and journaled as otto's; vera (a viewer) is refused by
 * the database itself; a command nobody answered in time is withdrawn and never runs later;
 * the same command id sent twice runs once.
 */
import { describe, expect, it } from 'vitest';
import { type RolloutEvent } from '../../src-main/core/rollout';
import { issueCommand } from '../../src-main/cli/issue-command';
import { sendTeamCommand } from '../../src-main/runtime/team-command-client';
import { writeTeamPlan } from '../helpers/team-plan';
import { teamUrl } from '../helpers/postgres';
import { describeRun } from '../helpers/ringside-cli';
import { asLogin, expectMigratedByTeamInit, useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-cmd', builtCli: true });

/** Four hosts; canary deploys in ~2 s and then bakes a minute: the driver stays live. */
function writePlan(): string {
  return writeTeamPlan(rig.root, {
    zones: ['a', 'a', 'b', 'b'],
    rings: [
      { name: 'canary', select: { count: 2 }, bake: '60s', promotion: 'manual' },
      { name: 'broad', select: { rest: true }, bake: '60s', promotion: 'manual' },
    ],
    installTail: ' && sleep 1',
  });
}

/** A database with the schema and the people: alice and otto operate, vera views. */
async function teamDb(rollout: string): Promise<string> {
  const db = await rig.teamDb({
    logins: {
      alice: ['ringside_operator'],
      otto: ['ringside_operator'],
      vera: ['ringside_viewer'],
    },
  });
  return db.journal(rollout);
}

async function waitForEvent(journal: string, type: RolloutEvent['type'], dead: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !dead()) {
    if ((await rig.teamEvents(journal)).some((r) => r.event.type === type)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${type} event in ${journal}`);
}

type CommandRow = { id: string; issued_by: string; answer: unknown; answered_by_epoch: string };
function commandRows(journal: string): Promise<CommandRow[]> {
  const db = new URL(journal).pathname.slice(1);
  return rig.pg.sql<CommandRow>(
    db,
    'SELECT id::text, issued_by, answer, answered_by_epoch FROM ringside_commands ORDER BY issued_at',
  );
}

describe('team commands: other desks command the live driver through the database', () => {
  it("otto's promote is decided by alice's driver and journaled as otto's; vera's is refused by the database", async () => {
    const journal = await teamDb('cmd');
    const plan = writePlan();
    const driver = rig.spawn(['run', plan, '--sim', '--journal', asLogin(journal, 'alice')]);
    await waitForEvent(journal, 'BakeStarted', () => driver.child.exitCode !== null);

    const viewer = await rig.run([
      'promote',
      asLogin(journal, 'vera'),
      '--override',
      '--reason',
      'looks fine to me',
    ]);
    expect(viewer.code, describeRun(viewer)).toBe(2);
    expect(viewer.stderr.trim()).toBe(
      'ringside promote: the database refused it: the login "vera" may not send commands to rollout cmd (sending commands needs the role ringside_operator)',
    );
    // A modified client meets the same refusal in the database.
    const vera = await rig.connect(asLogin(journal, 'vera'));
    const forged = await vera
      .query(
        "INSERT INTO ringside_commands (id, rollout, command) VALUES (gen_random_uuid(), 'cmd', '{}')",
      )
      .then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    await vera.end();
    expect(forged).toBe('42501');

    const promoted = await rig.run([
      'promote',
      asLogin(journal, 'otto'),
      '--override',
      '--reason',
      'canary checked by hand',
    ]);
    expect(promoted.code, describeRun(promoted)).toBe(0);
    expect(promoted.stdout.trim()).toBe(
      `promote: accepted by the live driver of rollout cmd (${asLogin(journal, 'otto')})`,
    );
    const evs = await rig.teamEvents(journal);
    const p = evs.find((r) => r.event.type === 'Promoted');
    expect(p?.event).toMatchObject({ by: 'otto', ring: 'canary' });
    expect(p?.writtenBy).toBe('alice');
    const cmds = await commandRows(journal);
    expect(cmds).toEqual([
      { id: p?.event.commandId, issued_by: 'otto', answer: { ok: true }, answered_by_epoch: '1' },
    ]);
    // The driver goes on to broad; otto's pause ends its run (waiting, exit 3).
    const paused = await rig.run(['pause', asLogin(journal, 'otto'), '--reason', 'end of test']);
    expect(paused.code, describeRun(paused)).toBe(0);
    const r = await driver.done;
    expect(r.code, describeRun(r)).toBe(3);
    expect(
      (await rig.teamEvents(journal)).find((x) => x.event.type === 'Paused')?.event,
    ).toMatchObject({
      by: 'otto',
    });
  });

  it('a command not answered in time is withdrawn and never runs later; the same command id twice runs once', async () => {
    const journal = await teamDb('stop');
    const plan = writePlan();
    const driver = rig.spawn(['run', plan, '--sim', '--journal', asLogin(journal, 'alice')]);
    await waitForEvent(journal, 'BakeStarted', () => driver.child.exitCode !== null);
    const pid = driver.child.pid ?? 0;
    // The driver holds its lease but cannot answer: stopped, as a laptop lid closed briefly.
    process.kill(pid, 'SIGSTOP');
    let late;
    try {
      late = await rig.run([
        'pause',
        asLogin(journal, 'otto'),
        '--reason',
        'hold it',
        '--timeout',
        '2s',
      ]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(late.code, describeRun(late)).toBe(1);
    expect(late.stderr.trim()).toBe(
      'ringside pause: no driver of rollout stop answered within 2 s; the command was withdrawn (it will not run later)',
    );
    // The driver wakes to the notification it missed: the command is withdrawn, not run.
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await rig.teamEvents(journal)).filter((x) => x.event.type === 'Paused')).toEqual([]);
    const [withdrawn] = await commandRows(journal);
    expect(withdrawn?.answer).toMatchObject({ ok: false, withdrawn: true });

    const url = teamUrl(asLogin(journal, 'otto'));
    const command = issueCommand('pause', { kind: 'pause', by: 'otto', reason: 'hold, once' });
    const twice = await Promise.all([
      sendTeamCommand({ ...url, rollout: 'stop' }, rig.env, command, 10_000),
      sendTeamCommand({ ...url, rollout: 'stop' }, rig.env, command, 10_000),
    ]);
    expect(twice).toEqual([
      { kind: 'answered', outcome: { ok: true } },
      { kind: 'answered', outcome: { ok: true } },
    ]);
    const r = await driver.done;
    expect(r.code, describeRun(r)).toBe(3);
    const again = await sendTeamCommand({ ...url, rollout: 'stop' }, rig.env, command, 2_000);
    expect(again).toEqual({ kind: 'answered', outcome: { ok: true } });
    const evs = (await rig.teamEvents(journal)).map((x) => x.event);
    expect(evs.filter((e) => e.type === 'Paused')).toMatchObject([
      { by: 'otto', reason: 'hold, once', commandId: command.stamp.id },
    ]);
    expect(evs.some((e) => e.commandId === withdrawn?.id)).toBe(false);
  });
});

describe('team schema version 3', () => {
  it('a run on a version 2 schema names the command that migrates it; team init adds the commands table', async () => {
    await expectMigratedByTeamInit(rig, { from: 2, plan: writePlan(), table: 'ringside_commands' });
  });
});
