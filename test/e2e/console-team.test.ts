/**
 * Issue 13 item 6, the proof in Chromium: one private PostgreSQL cluster; `ringside run`
 * (dist/cli.js, --sim) drives a plan as alice; two `ringside serve --team URL` consoles (no
 * PLAN: no local workspace, no demo fleet; they start on the team's rollouts), one
 * logged in (database login) as otto (approver, so operator too) and one as vera (viewer),
 * each in its own Chromium page. Both list the team's rollouts and open the live one; each
 * lists the other as watching; each banner says what its login may do; vera's Promote is
 * disabled with why, and sent anyway over her console's WebSocket it is refused by the
 * database; otto promotes and vera's page shows the ring promoted (the lag is printed); on a
 * ring with `promotion: { approvals: 2 }` otto's second approval is refused.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampCommand } from '../../src-main/core/commands';
import { callConsole, consoleUrlOf } from '../helpers/console-ws';
import { ARTIFACTS_DIR, launchChromiumPage, requireBuiltRenderer } from '../helpers/chromium';
import { writeTeamPlan } from '../helpers/team-plan';
import { describeRun, type RingsideProcess } from '../helpers/ringside-cli';
import { asLogin, useTeamRig } from '../helpers/team-rig';

const rig = useTeamRig({ name: 'e2e-team', builtCli: true });
let browser: Browser;
let otto: Page;
let vera: Page;
let driver: RingsideProcess;
let journal = '';
let veraUrl = '';
const serves: RingsideProcess[] = [];

function writePlan(): string {
  return writeTeamPlan(rig.root, {
    zones: ['a', 'a', 'b', 'b', 'c', 'c'],
    rings: [
      { name: 'canary', select: { count: 2 }, bake: '300s', promotion: 'manual' },
      { name: 'early', select: { count: 2 }, bake: '300s', promotion: { approvals: 2 } },
      { name: 'broad', select: { rest: true }, bake: '300s', promotion: 'manual' },
    ],
  });
}

async function eventCount(type: string): Promise<number> {
  const db = new URL(journal).pathname.slice(1);
  const r = await rig.pg.sql<{ n: string }>(
    db,
    "SELECT count(*) AS n FROM ringside_events WHERE rollout = 'live' AND type = $1",
    [type],
  );
  return Number(r[0]?.n ?? 0);
}

async function waitFor(what: string, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await ok())) {
    if (Date.now() > deadline || driver.child.exitCode !== null) {
      throw new Error(`gave up waiting for ${what}\n${driver.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `ringside serve --team URL` as `person`; resolves with the console's tokenised URL. */
async function serveAs(person: string): Promise<string> {
  const serve = rig.spawn([
    'serve',
    '--team',
    asLogin(journal.replace(/\?.*$/, ''), person),
    '--journal',
    path.join(rig.root, person),
  ]);
  serves.push(serve);
  return consoleUrlOf(serve, `ringside serve as ${person}`);
}

beforeAll(async () => {
  requireBuiltRenderer();
  const db = await rig.teamDb({
    logins: {
      alice: ['ringside_operator'],
      otto: ['ringside_approver'],
      vera: ['ringside_viewer'],
    },
  });
  journal = db.journal('live');
  driver = rig.spawn(['run', writePlan(), '--sim', '--journal', asLogin(journal, 'alice')]);
  await waitFor('the canary to bake', async () => (await eventCount('BakeStarted')) > 0);
  let ottoUrl: string;
  [ottoUrl, veraUrl] = await Promise.all([serveAs('otto'), serveAs('vera')]);
  ({ browser, page: otto } = await launchChromiumPage({ logPageErrors: true }));
  vera = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await otto.goto(ottoUrl);
  await vera.goto(veraUrl);
}, 240_000);

afterAll(async () => {
  // Before the rig's own afterAll (registered earlier, so it runs later): ringside
  // children, the cluster and the temp root go after the browser.
  await browser?.close();
});

const card = (page: Page, i: number) => page.getByLabel('Rings').locator('li').nth(i);

async function openLive(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'History' }).click();
  const table = page.getByRole('region', { name: 'Team rollouts' });
  await table.getByRole('row', { name: /live .*driven by alice/ }).waitFor();
  await table.getByRole('button', { name: 'Open team rollout live' }).click();
  await page.getByRole('status', { name: 'Team rollout' }).waitFor();
}

describe('the team console in two Chromium pages (otto operates, vera views)', () => {
  it('starts with no local plan on the team rollouts, not on a demo fleet', async () => {
    for (const page of [otto, vera]) {
      await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
      await page.getByRole('region', { name: 'Team rollouts' }).waitFor();
      expect(await page.getByRole('region', { name: 'Rollout history' }).count()).toBe(0);
      await page.getByRole('tab', { name: 'Fleet' }).click();
      await page.getByText('No hosts yet').waitFor();
      await page.getByRole('tab', { name: 'Rollout' }).click();
      await page.getByText(/^No local plan: this console watches the team database/).waitFor();
    }
  }, 60_000);

  it('lists the live rollout with its driver; each console sees the other watching', async () => {
    await openLive(otto);
    await openLive(vera);
    for (const [page, other] of [
      [otto, 'otto'],
      [vera, 'vera'],
    ] as const) {
      const banner = page.getByRole('status', { name: 'Team rollout' });
      expect(await banner.getByTestId('team-driver').textContent()).toMatch(
        /^driven by alice on .+ until /,
      );
      const watching = other === 'otto' ? 'vera' : 'otto';
      await banner
        .getByTestId('team-watchers')
        .filter({ hasText: `also watching: ${watching}` })
        .waitFor();
      expect(await banner.textContent()).toContain(`you act as ${other}`);
      await page.getByRole('tab', { name: 'Rollout' }).click();
      await card(page, 0).filter({ hasText: 'baking' }).waitFor();
      // The fleet is the team rollout's six hosts (the demo fleet has sixty).
      await page.getByRole('tab', { name: 'Fleet' }).click();
      await page.getByLabel('Find hosts').fill('zone=b');
      await page.getByRole('status').filter({ hasText: '2 of 6 hosts match' }).waitFor();
      await page.getByLabel('Find hosts').fill('');
      await page.getByRole('tab', { name: 'Rollout' }).click();
    }
    await otto.screenshot({ path: `${ARTIFACTS_DIR}/team-console-otto.png` });
  }, 60_000);

  it("disables vera's Promote with why; the database still refuses it when sent", async () => {
    const why =
      'vera is a viewer on the team database: sending commands needs the role ringside_operator';
    await vera.getByRole('tab', { name: 'Rollout' }).click();
    const promote = vera
      .getByLabel('Actions')
      .getByRole('button', { name: 'Promote with override…' });
    await promote.waitFor();
    expect(await promote.isDisabled()).toBe(true);
    expect(await promote.getAttribute('title')).toBe(why);
    const describedBy = (await promote.getAttribute('aria-describedby')) ?? '';
    expect(await vera.locator(`[id="${describedBy}"]`).textContent()).toBe(why);
    expect(
      await vera
        .getByRole('status', { name: 'Team rollout' })
        .getByTestId('team-role')
        .textContent(),
    ).toBe('you act as vera — viewer: you can watch, not act');
    expect(
      await otto
        .getByLabel('Actions')
        .getByRole('button', { name: 'Promote with override…' })
        .isDisabled(),
    ).toBe(false);
    // The button is only a reading of her roles: sent anyway (over her console's WebSocket,
    // as the page would), the promote reaches the database, which refuses it.
    const sent = await callConsole(veraUrl, 'promote', {
      override: { reason: 'a viewer tries' },
      stamp: stampCommand(randomUUID(), Date.now()),
    });
    expect(sent).toEqual({
      error:
        'promote: the database refused it: the login "vera" may not send commands to rollout live (sending commands needs the role ringside_operator)',
    });
    expect(await eventCount('Promoted')).toBe(0);
    await vera.screenshot({ path: `${ARTIFACTS_DIR}/team-console-vera-viewer.png` });
  }, 60_000);

  it("shows otto's promotion on vera's page", async () => {
    await otto.getByRole('button', { name: 'Promote with override…' }).click();
    const dialog = otto.getByRole('dialog');
    await dialog.getByLabel(/Override reason/).fill('canary checked by hand');
    // Each page notes (MutationObserver, wall clock) when its canary card first says promoted.
    // A string, so the test's transpiler adds nothing the page does not have.
    const seen = (page: Page): Promise<number> =>
      page.evaluate(`new Promise((resolve) => {
        const card = () => document.querySelector('[aria-label="Rings"] li');
        const check = () => {
          if ((card()?.textContent ?? '').includes('promoted')) {
            observer.disconnect();
            resolve(Date.now());
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => resolve(Number.NaN), 30000);
        check();
      })`);
    const ottoSeen = seen(otto);
    const veraSeen = seen(vera);
    const t0 = Date.now();
    await dialog.getByRole('button', { name: 'Promote with override' }).click();
    const [ottoAt, veraAt] = await Promise.all([ottoSeen, veraSeen]);
    expect([ottoAt, veraAt].map(Number.isFinite)).toEqual([true, true]);
    const promotedAt = await rig.pg.sql<{ t: Date }>(
      new URL(journal).pathname.slice(1),
      "SELECT written_at AS t FROM ringside_events WHERE rollout = 'live' AND type = 'Promoted'",
    );
    const committed = promotedAt[0]?.t.getTime() ?? Number.NaN;
    expect(await eventCount('Promoted')).toBe(1);
    console.log(
      `team console: promote click -> ring promoted on otto's page ${ottoAt - t0} ms, on vera's page ${veraAt - t0} ms; vera's page ${veraAt - committed} ms after the Promoted row's transaction began (database clock, same machine)`,
    );
  }, 60_000);

  it("refuses otto's second approval of the ring that needs two", async () => {
    await waitFor('ring early to bake', async () => (await eventCount('BakeStarted')) > 1);
    const approvals = otto.getByLabel('Approvals of early');
    await approvals.waitFor({ timeout: 30_000 });
    await approvals.getByLabel(/Override reason/).fill('early looks healthy');
    await approvals.getByRole('button', { name: 'Approve promotion' }).click();
    await approvals.filter({ hasText: 'Approvals 1 of 2' }).waitFor();
    await vera.getByLabel('Approvals of early').filter({ hasText: 'Approvals 1 of 2' }).waitFor();
    await approvals.getByRole('button', { name: 'Approve promotion' }).click();
    await otto
      .getByRole('alert')
      .filter({ hasText: 'otto already approved the promotion of ring early' })
      .waitFor();
    expect(await eventCount('PromotionApproved')).toBe(1);
    await otto.screenshot({ path: `${ARTIFACTS_DIR}/team-console-second-approval.png` });
  }, 90_000);

  it('cleans up: otto pauses, the driver stops', async () => {
    const paused = await rig.run(['pause', asLogin(journal, 'otto'), '--reason', 'e2e done']);
    expect(paused.code, describeRun(paused)).toBe(0);
    const r = await driver.done;
    expect(r.code, describeRun(r)).toBe(3);
  }, 60_000);
});
