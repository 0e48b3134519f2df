/**
 * The team console's main side against a real PostgreSQL 15 and the real driver (dist/cli.js
 * run --sim as alice): two consoles (the app facade, as `ringside serve` and Electron use it)
 * logged in as otto (operator) and vera (viewer) list the team's rollouts (live first, with
 * who drives), open the live one and follow it, see each other watching (pg_stat_activity,
 * read by a viewer login), and command it through the commands table: otto's promote is
 * carried out and vera's console shows it; vera's is refused by the database; a settled
 * rollout opens read-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamUrl } from '../../src-main/adapters/journal-pg';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { commandNotAllowedWords } from '../../src-main/core/words';
import { buildCli } from '../helpers/built-cli';
import { writeTeamPlan } from '../helpers/team-plan';
import { usePostgres } from '../helpers/postgres';
import { describeRun, killAllRingside, ringside, spawnRingside } from '../helpers/ringside-cli';

const pg = usePostgres();
let bin = '';
const root = mkdtempSync(path.join(os.tmpdir(), 'ringside-team-console-'));
const apps: RingsideApp[] = [];
beforeAll(async () => {
  bin = await buildCli();
});
afterAll(async () => {
  killAllRingside();
  for (const a of apps) {
    await a.close();
  }
  rmSync(root, { recursive: true, force: true });
});

function writePlan(): string {
  return writeTeamPlan(root, {
    zones: ['a', 'a', 'b', 'b'],
    rings: [
      { name: 'canary', select: { count: 2 }, bake: '60s', promotion: 'manual' },
      { name: 'broad', select: { rest: true }, bake: '60s', promotion: 'manual' },
    ],
  });
}

function as(url: string, person: string): string {
  const u = new URL(url);
  u.username = person;
  return u.toString();
}

async function consoleOf(db: string, person: string): Promise<RingsideApp> {
  const url = parseTeamUrl(as(db, person));
  if (typeof url === 'string') {
    throw new Error(url);
  }
  const app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot: path.join(root, `journals-${person}`),
    snapshotIntervalMs: 20,
    team: { url, env: pg().env },
  });
  apps.push(app);
  return app;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await get();
    if (ok(v)) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the team console (main side)', () => {
  it('lists live first with its driver, follows live, shows watchers, and commands as the login', async () => {
    const db = await pg().database();
    const init = await ringside(['team', 'init', db], { bin, env: pg().env });
    expect(init.code, describeRun(init)).toBe(0);
    await pg().login(db, 'alice', ['ringside_operator']);
    await pg().login(db, 'otto', ['ringside_operator']);
    await pg().login(db, 'vera', ['ringside_viewer']);
    const plan = writePlan();

    // A settled rollout: driven, then aborted by otto from another desk.
    const oldUrl = `${as(db, 'alice')}?rollout=old`;
    const first = spawnRingside(['run', plan, '--sim', '--journal', oldUrl], {
      bin,
      env: pg().env,
      cwd: root,
    });
    const ottoOld = `${as(db, 'otto')}?rollout=old`;
    await until(
      'the first rollout to bake',
      () => ringside(['status', ottoOld], { bin, env: pg().env }),
      (r) => r.stdout.includes('baking'),
    );
    const aborted = await ringside(['abort', ottoOld, '--reason', 'superseded'], {
      bin,
      env: pg().env,
    });
    expect(aborted.code, describeRun(aborted)).toBe(0);
    await first.done;

    const driver = spawnRingside(
      ['run', plan, '--sim', '--journal', `${as(db, 'alice')}?rollout=live`],
      { bin, env: pg().env, cwd: root },
    );
    const otto = await consoleOf(db, 'otto');
    const vera = await consoleOf(db, 'vera');

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
    await pg().pause();
    const down = await until(
      'the banner to say the database is gone',
      () => vera.getTeamRollout(),
      (v) => v?.problem !== null,
    );
    expect(down?.problem).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/\S+: /);
    expect(down?.driver?.holder).toBe('alice');
    await pg().start();
    await until(
      'the follow to start again',
      () => vera.getTeamRollout(),
      (v) => v?.problem === null,
    );
    const paused = await ringside(['pause', `${as(db, 'otto')}?rollout=live`, '--reason', 'end'], {
      bin,
      env: pg().env,
    });
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
      `resume: nobody drives team rollout live now, so no driver would carry it out; drive it (ringside run PLAN --journal '${as(db, 'otto')}?rollout=live')`,
    );
  });

  it('a console without a team database says how to give it one', async () => {
    const app = await createRingsideApp({
      workspace: { demo: true },
      journalRoot: path.join(root, 'journals-solo'),
    });
    apps.push(app);
    await expect(app.listTeamRollouts()).rejects.toThrow(
      'listTeamRollouts: this console has no team database',
    );
    expect(await app.getTeamRollout()).toBeNull();
  });
});
