/**
 * The whole console end to end, for real: the app facade on the embedded demo workspace
 * (60 simulated SSH hosts with metrics endpoints, in this process), the real engine and
 * telemetry gates, the console server's WebSocket bridge, and the built renderer
 * (dist/renderer, from `npm run build`) driven in Debian's Chromium.
 *
 * Short bakes and a busier simulated fleet keep the run to a couple of minutes: the good
 * release goes through all four rings (one early host's key must be approved on the way),
 * the bad one halts in the canary, whose plan rolls it back, and the timeline is exported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RingsideApp } from '../../src-main/app';
import type { ConsoleServer } from '../../src-main/server/console-server';
import { ARTIFACTS_DIR as ARTIFACTS } from '../helpers/chromium';
import {
  openTab,
  releaseStatus,
  waitForReleaseStatus,
  openDemoConsole,
  type DemoConsole,
} from '../helpers/demo-console';
import { downloadExport } from '../helpers/console-download';
import { startReleaseInConsole } from '../helpers/console-start';

let dc: DemoConsole;
let app: RingsideApp;
let server: ConsoleServer;
let page: Page;
/** The early-ring host whose key is left out of known_hosts. */
let untrusted = '';
/** Canary ring statuses as pushed, in order (to see the deploy before the bake). */
const canaryStatuses: string[] = [];

beforeAll(async () => {
  dc = await openDemoConsole({
    name: 'journals',
    bakeMs: 10_000,
    demo: {
      untrustedHosts: (plan) => {
        untrusted = plan.rings[1]?.domains[0]?.hosts[0] ?? '';
        return [untrusted];
      },
    },
    onApp: (a) =>
      a.onSnapshot((s) => {
        const status = s.rings[0]?.status ?? '';
        if (canaryStatuses.at(-1) !== status) {
          canaryStatuses.push(status);
        }
      }),
  });
  ({ app, server, page } = dc);
});

afterAll(() => dc?.close());

const tab = (name: string) => openTab(page, name);

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/demo-${name}.png`, fullPage: true });
}

const status = () => releaseStatus(page);

const waitForStatus = (wanted: RegExp, timeoutMs?: number) =>
  waitForReleaseStatus(page, wanted, timeoutMs);

async function startRelease(release: string): Promise<void> {
  await startReleaseInConsole(page, release);
}

async function approvePendingKey(host: string): Promise<void> {
  await tab('Connections');
  const fingerprint =
    (await app.getSnapshot()).pendingHostKeys.find((k) => k.host === host)?.fingerprint ?? '';
  expect(fingerprint).toMatch(/^SHA256:/);
  await page.getByLabel('New host keys').getByText(host).waitFor();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  expect(await page.getByRole('dialog').textContent()).toContain(fingerprint);
  await shot('connections-approve');
  await page.getByRole('button', { name: 'Approve key' }).click();
  await page.getByText('No host key waits for approval.').waitFor();
  // The known-hosts list comes with a later snapshot than the one that empties the queue
  // (the files are read again after the approval is written): wait for it, do not race it.
  await page.getByLabel('Identities and known hosts').getByText(fingerprint).waitFor();
  await tab('Rollout');
}

async function promote(): Promise<void> {
  await page.getByRole('button', { name: /^Promote/ }).click();
  const dialog = page.getByRole('dialog');
  const override = dialog.getByLabel(/Override reason/);
  if ((await override.count()) > 0) {
    // Gates can still be inconclusive at bake end on a 10 s bake: say so, as an operator would.
    await override.fill('e2e: short demo bake, gates inconclusive');
  }
  await dialog.getByRole('button', { name: /^Promote( with override)?$/ }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

describe('console on the demo workspace (Chromium, real engine and simulated fleet)', () => {
  it('refuses a wrong or missing token', async () => {
    expect((await page.goto(`${server.origin}/?token=not-the-token`))?.status()).toBe(403);
    expect((await page.goto(`${server.origin}/`))?.status()).toBe(401);
  });

  it('opens the demo: 60 hosts in four rings, nothing started, only Start enabled', async () => {
    expect((await page.goto(server.url))?.status()).toBe(200);
    await page.getByTestId('app-shell').waitFor();
    await waitForStatus(/not started/);
    const rings = (await page.getByLabel('Rings').textContent()) ?? '';
    for (const ring of ['canary', 'early', 'broad', 'global']) {
      expect(rings).toContain(ring);
    }
    expect(await page.getByRole('button', { name: /^Promote/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('list', { name: /unavailable/ }).textContent()).toContain(
      'no rollout has been started',
    );
    await shot('rollout-idle');
  });

  it('deploys the good release to the canary and bakes it', async () => {
    await startRelease('2.4.0');
    await waitForStatus(/baking/);
    expect(await page.getByLabel('Release').textContent()).toContain('2.3.9 → 2.4.0');
    expect(canaryStatuses).toContain('deploying');
    expect(canaryStatuses.indexOf('deploying')).toBeLessThan(canaryStatuses.indexOf('baking'));
    const canary = (await app.getSnapshot()).rings[0];
    expect(canary?.status).toBe('baking');
    expect(canary?.counts.done).toBe(3);
    expect(canary?.bake).not.toBeNull();
    await shot('rollout-canary-baking');
  }, 60_000);

  it('promotes through every ring to done, approving a new host key on the way', async () => {
    let approved = false;
    for (let guard = 0; guard < 400; guard++) {
      const s = await app.getSnapshot();
      if (s.rollout.status === 'done') {
        break;
      }
      if (s.pendingHostKeys.some((k) => k.host === untrusted)) {
        expect(s.hosts.find((h) => h.name === untrusted)?.state).toBe('needsApproval');
        await tab('Fleet');
        await shot('fleet-needs-approval');
        await approvePendingKey(untrusted);
        approved = true;
      } else if ((await status()) === 'waiting for promotion') {
        await promote();
      }
      await page.waitForTimeout(250);
    }
    await waitForStatus(/^done$/);
    expect(approved).toBe(true);
    const s = await app.getSnapshot();
    expect(s.rings.map((r) => r.status)).toEqual(['promoted', 'promoted', 'promoted', 'promoted']);
    expect(s.hosts.every((h) => h.state === 'done' && h.version === '2.4.0')).toBe(true);
    await shot('rollout-done');
    await tab('Fleet');
    await page.getByTestId('host-grid').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByLabel('Host details').textContent()).toContain('2.4.0');
    await shot('fleet-done');
  }, 150_000);

  it('halts the bad release in the canary with a summary, and rolls the canary back', async () => {
    await startRelease('2.4.1-bad');
    const banner = page.getByLabel('Halt summary').first();
    await banner.waitFor({ timeout: 60_000 });
    // The plain-language summary is journaled just after the halt itself: wait for it.
    await expect
      .poll(async () => (await banner.textContent()) ?? '', { timeout: 10_000 })
      .toContain('2.4.1-bad');
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Halted in canary');
    expect(text).toMatch(/sequential gate error-rate-sequential failed on error_rate/);
    await shot('rollout-halted');
    // The demo plan rolls a halted canary back on its own (rollbackOnHalt).
    await waitForStatus(/rolled back/);
    const s = await app.getSnapshot();
    expect(s.rings[0]?.status).toBe('rolledBack');
    expect(s.hosts.filter((h) => h.ring === 'canary').every((h) => h.state === 'rolledBack')).toBe(
      true,
    );
    expect(s.actions.find((a) => a.id === 'start')?.enabled).toBe(true);
    await shot('rollout-rolled-back');
  }, 90_000);

  it('charts live telemetry and streams logs', async () => {
    await tab('Telemetry');
    await page.getByLabel('error_rate chart').locator('path.chart-line').first().waitFor();
    await shot('telemetry');
    await tab('Logs');
    await expect
      .poll(() => page.getByLabel('Log stream').textContent(), { timeout: 20_000 })
      .toMatch(/GET|POST|ERROR|INFO/);
    await shot('logs');
  });

  it('exports the timeline as Markdown and HTML with the halt and the events', async () => {
    await tab('Timeline');
    await page.getByLabel('Note').fill('bad canary caught by the sequential gate');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('cell', { name: 'bad canary caught by the sequential gate' }).waitFor();
    const { name, text: md } = await downloadExport(page, 'Export MD');
    expect(name).toMatch(/^web-2\.4\.1-bad-\d{4}-\d{2}-\d{2}\.md$/);
    expect(md).toContain('# Rollout of web 2.4.1-bad');
    expect(md).toContain('Halt — ring canary, gate error-rate');
    expect(md).toContain('Ring canary: rolled back');
    await shot('timeline-export-md');
    const full = await app.exportTimeline({ format: 'md' });
    expect(full).toContain('bad canary caught by the sequential gate');
    expect(full).toMatch(/Rollback of .*completed|RollbackCompleted|rolled back/i);
    const page2 = await downloadExport(page, 'Export HTML');
    expect(page2.name).toMatch(/^web-2\.4\.1-bad-.*\.html$/);
    expect(page2.text).toContain('<!doctype html>');
    const html = await app.exportTimeline({ format: 'html' });
    expect(html).toContain('<section class="halt">');
    expect(html).toMatch(/<svg[^>]*aria-label="error_rate by ring"/);
    expect(html).not.toContain('<!-- ringside:charts -->');
    await shot('timeline-export-html');
  });

  it('rolls a baking canary back at once on an operator’s emergency rollback', async () => {
    await startRelease('2.4.2');
    await waitForStatus(/baking/);
    await page.getByRole('button', { name: 'Emergency rollback' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('e2e: on-call saw a bad dashboard');
    await dialog.getByRole('button', { name: 'Emergency rollback' }).click();
    await waitForStatus(/rolled back/);
    const s = await app.getSnapshot();
    const operator = (await app.getSettings()).operatorName;
    expect(s.rings[0]?.status).toBe('rolledBack');
    expect(s.timeline.some((e) => e.kind === 'RollbackStarted' && e.by === operator)).toBe(true);
    expect(s.hosts.filter((h) => h.ring === 'canary').every((h) => h.version === '2.4.0')).toBe(
      true,
    );
    await shot('rollout-emergency-rollback');
  }, 60_000);
});
