/**
 * The team console's main side against a real PostgreSQL 15 and the real driver (dist/cli.js
 * run --sim as alice): two consoles (the app facade, as `ringside serve` and Electron use it)
 * logged in as otto (operator) and vera (viewer) list the team's rollouts (live first, with
 * who drives), open the live one and follow it, see each other watching (pg_stat_activity,
 * read by a viewer login), and command it through the commands table: otto's promote is
 * carried out and vera's console shows it; vera's is refused by the database; a settled
 * rollout opens read-only.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { commandNotAllowedWords } from '../../src-main/core/words';
import { writeTeamPlan } from '../helpers/team-plan';
import { describeRun } from '../helpers/ringside-cli';
import { until, useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'team-console', builtCli: true });

function writePlan(): string {
  return writeTeamPlan(rig.root, {
    zones: ['a', 'a', 'b', 'b'],
    rings: [
      { name: 'canary', select: { count: 2 }, bake: '60s', promotion: 'manual' },
      { name: 'broad', select: { rest: true }, bake: '60s', promotion: 'manual' },
    ],
  });
}

describe('the team console (main side)', () => {
  it('lists live first with its driver, follows live, shows watchers, and commands as the login', async () => {
    const db = await rig.teamDb({
      logins: {
        alice: ['ringside_operator'],
        otto: ['ringside_operator'],
        vera: ['ringside_viewer'],
      },
    });
    const plan = writePlan();

    // A settled rollout: driven, then aborted by otto from another desk.
    const first = rig.spawn(['run', plan, '--sim', '--journal', db.journal('old', 'alice')]);
    const ottoOld = db.journal('old', 'otto');
    await until(
      'the first rollout to bake',
      () => rig.run(['status', ottoOld]),
      (r) => r.stdout.includes('baking'),
    );
    const aborted = await rig.run(['abort', ottoOld, '--reason', 'superseded']);
    expect(aborted.code, describeRun(aborted)).toBe(0);
    await first.done;

    const driver = rig.spawn(['run', plan, '--sim', '--journal', db.journal('live', 'alice')]);
    const otto = await rig.teamConsole(db.login.otto);
    const vera = await rig.teamConsole(db.login.vera);

    const listed = await until(
      'the live rollout to bake',
      () => vera.listTeamRollouts(),
      (l) => l[0]?.status === 'baking',
    );
    expect(
      listed.map((r) => [r.rollout, r.outcome, r.createdBy, r.driver?.holder ?? null]),
    ).toEqual([
      ['live', 'baking', 'alice', 'alice'],
      ['old', 'aborted', 'alice', null],
    ]);
    expect(listed[0]?.release).toEqual({ name: 'web', version: '2.0.0' });
    expect(listed[0]?.driver?.until).toBeGreaterThan(Date.now());

    // Both open the live rollout; each sees the other watching (vera is a viewer).
    await otto.openTeamRollout({ rollout: 'live' });
    const shown = await vera.openTeamRollout({ rollout: 'live' });
    expect(shown.shown).toEqual({ id: 'live', readOnly: false });
    expect(shown.rings[0]?.status).toBe('baking');
    const veraView = await vera.getTeamRollout();
    expect(veraView).toMatchObject({
      rollout: 'live',
      login: 'vera',
      role: 'viewer',
      createdBy: 'alice',
      driver: { holder: 'alice', login: 'alice' },
      readOnly: false,
      problem: null,
    });
    expect(veraView?.watchers.map((w) => w.login)).toEqual(['otto']);
    expect((await otto.getTeamRollout())?.watchers.map((w) => w.login)).toEqual(['vera']);

    expect((await otto.getTeamRollout())?.role).toBe('operator');
    // vera's promote: the console knows she is a viewer, but the facade still sends it when
    // asked, and the database itself refuses it.
    await expect(vera.promote({ override: { reason: 'looks fine' } })).rejects.toThrow(
      `promote: ${commandNotAllowedWords('vera', 'live')}`,
    );
    // otto's promote: carried out by alice's driver; vera's console shows it, followed live.
    const pushed: ConsoleSnapshot[] = [];
    vera.onSnapshot((s) => pushed.push(s));
    const t0 = Date.now();
    await otto.promote({ override: { reason: 'canary checked by hand' } });
    const answered = Date.now() - t0;
    await until(
      "vera's console to show canary promoted",
      async () => pushed.at(-1) ?? null,
      (s) => s?.rings[0]?.status === 'promoted',
    );
    console.log(
      `team console: promote answered after ${answered} ms, on the other console after ${Date.now() - t0} ms`,
    );
    const last = await vera.getSnapshot();
    expect(last.timeline.some((e) => e.kind === 'Promoted' && e.by === 'otto')).toBe(true);
    // Exports of the shown team rollout read its events, as a local rollout's do.
    const md = await vera.exportTimeline({ format: 'md' });
    expect(md).toContain('Ring canary: promoted with override');
    expect(md).toContain('canary checked by hand');

    // A settled rollout opens read-only: nothing to command.
    const past = await otto.openTeamRollout({ rollout: 'old' });
    expect(past.shown).toEqual({ id: 'old', readOnly: true });
    expect(past.rollout.status).toBe('aborted');
    await expect(otto.promote({})).rejects.toThrow(
      'promote: team rollout old is aborted; it is shown read-only',
    );
    expect((await otto.listTeamRollouts()).find((r) => r.rollout === 'old')?.open).toBe(true);

    // The database goes away and comes back: vera's banner says so, then her console follows
    // again from the last record it had, and sees what happened meanwhile and after.
    await rig.pg.pause();
    const down = await until(
      'the banner to say the database is gone',
      () => vera.getTeamRollout(),
      (v) => v?.problem !== null,
    );
    expect(down?.problem).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/\S+: /);
    expect(down?.driver?.holder).toBe('alice');
    await rig.pg.start();
    await until(
      'the follow to start again',
      () => vera.getTeamRollout(),
      (v) => v?.problem === null,
    );
    const paused = await rig.run(['pause', db.journal('live', 'otto'), '--reason', 'end']);
    expect(paused.code, describeRun(paused)).toBe(0);
    await until(
      "vera's console to show the pause",
      () => vera.getSnapshot(),
      (s) => s.rollout.status === 'paused',
    );
    await driver.done;
    // Nobody drives it now: a console command says so (not "no driver answered within 10 s;
    // withdrawn" after waiting), with what to do instead.
    await otto.openTeamRollout({ rollout: 'live' });
    expect((await otto.getTeamRollout())?.driver).toBeNull();
    await expect(otto.resume({})).rejects.toThrow(
      `resume: nobody drives team rollout live now, so no driver would carry it out; drive it (ringside run PLAN --journal '${db.journal('live', 'otto')}')`,
    );
  });

  it('a console without a team database says how to give it one', async () => {
    const app = rig.closeAfter(
      await createRingsideApp({
        workspace: { demo: true },
        journalRoot: path.join(rig.root, 'journals-solo'),
      }),
    );
    await expect(app.listTeamRollouts()).rejects.toThrow(
      'listTeamRollouts: this console has no team database',
    );
    expect(await app.getTeamRollout()).toBeNull();
  });
});
