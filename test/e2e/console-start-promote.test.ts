/**
 * Issue 11, items 1 and 2 in a real Chromium on the demo workspace: Start offers the
 * releases the workspace knows and names what it will do; a typo (9.9.9) cannot deploy in
 * one click; Promote during a bake shows every gate ring vs baseline and is an override with
 * a reason, marked afterwards on the ring card, in the timeline and in the export.
 * Screenshots at 1440×900 and 1024×700 go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RingsideApp } from '../../src-main/app';
import type { ConsoleServer } from '../../src-main/server/console-server';
import { ARTIFACTS_DIR as ARTIFACTS } from '../helpers/chromium';
import { openDemoConsole, type DemoConsole } from '../helpers/demo-console';

let dc: DemoConsole;
let app: RingsideApp;
let server: ConsoleServer;
let page: Page;

beforeAll(async () => {
  // Long: the promotion happens mid-bake, so it is an override.
  dc = await openDemoConsole({
    name: 'start',
    bakeMs: 120_000,
  });
  ({ app, server, page } = dc);
});

afterAll(() => dc?.close());

async function shots(name: string): Promise<void> {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: `${ARTIFACTS}/start-promote-${name}-${size.width}x${size.height}.png`,
    });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const canaryCard = () => page.getByLabel('Rings').locator('li').first();

describe('Start and Promote where the decision is (Chromium, demo workspace)', () => {
  it('lists the known releases and will not deploy a typo in one click', async () => {
    expect((await page.goto(server.url))?.status()).toBe(200);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('radio').count()).toBe(3);
    await dialog.getByRole('radio', { name: /^2\.4\.0\b/ }).waitFor();
    await dialog.getByRole('radio', { name: /^2\.4\.1-bad\b/ }).waitFor();
    expect(await dialog.getByRole('textbox').count()).toBe(0);
    await dialog.getByLabel('other version…').check();
    await dialog.getByLabel('Version', { exact: true }).fill('9.9.9');
    const confirm = dialog.getByRole('button', { name: 'Start 9.9.9' });
    expect(await confirm.isDisabled()).toBe(true);
    await shots('start-typo');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await app.getSnapshot()).rollout.status).toBe('notStarted');
  });

  it('confirms version, previous version and the first ring with its hosts, then deploys', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /^2\.4\.0\b/ }).check();
    const canaryHosts = (await app.getSnapshot()).rings[0]?.domains.flatMap((d) => d.hosts) ?? [];
    const summary = (await dialog.getByLabel('What Start does').textContent()) ?? '';
    expect(summary).toContain('Deploys web 2.4.0 over 2.3.9, ring canary first');
    expect(summary).toContain(`${canaryHosts.length} hosts`);
    for (const h of canaryHosts) {
      expect(summary).toContain(h);
    }
    await shots('start-confirm');
    await dialog.getByRole('button', { name: 'Start 2.4.0' }).click();
    await expect
      .poll(async () => (await app.getSnapshot()).rings[0]?.status, { timeout: 60_000 })
      .toBe('baking');
  }, 90_000);

  it('shows the evidence in Promote and makes the mid-bake promotion an override with a reason', async () => {
    const promote = page.getByRole('button', { name: 'Promote with override…' });
    await promote.waitFor();
    expect(await promote.getAttribute('class')).toContain('danger');
    expect(await promote.getAttribute('class')).not.toContain('primary');
    // Wait for the sequential gate to have counted something, then open the dialog.
    await expect
      .poll(async () => (await app.getSnapshot()).rings[0]?.gates[0]?.evidence.comparison?.ring, {
        timeout: 30_000,
      })
      .toMatch(/%/);
    await promote.click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Bake').textContent()).toMatch(/Baking: .* left of 2m 00s/);
    const table = dialog.locator('table.gate-table');
    const firstRow = (await table.locator('tbody tr').first().textContent()) ?? '';
    expect(firstRow).toMatch(/error_rate.*%.*%.*\d+ \/ [\d,]+/);
    const confirm = dialog.getByRole('button', { name: 'Promote with override' });
    expect(await confirm.isDisabled()).toBe(true);
    await shots('promote-dialog');
    await dialog.getByLabel(/Override reason/).fill('e2e: bake cut short on purpose');
    await confirm.click();
    await expect.poll(() => canaryCard().textContent()).toContain('promoted with override');
    expect(await canaryCard().textContent()).toContain('e2e: bake cut short on purpose');
    await shots('promoted-override');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByRole('cell', { name: /Ring canary promoted with override/ }).waitFor();
    const md = await app.exportTimeline({ format: 'md' });
    expect(md).toContain('Ring canary: promoted with override');
  }, 90_000);

  it('cleans up: aborts the rollout', async () => {
    await page.getByRole('tab', { name: 'Rollout' }).click();
    await page.getByRole('button', { name: 'Abort', exact: true }).click();
    await page
      .getByRole('dialog')
      .getByLabel(/Reason/)
      .fill('e2e done');
    await page.getByRole('dialog').getByRole('button', { name: 'Abort' }).click();
    await expect.poll(async () => (await app.getSnapshot()).rollout.status).toBe('aborted');
  });
});
