/**
 * Issue 11 items 5 and 6 in a real Chromium against a real `ringside serve --demo` process
 * (dist/cli.js), restarted on a journal root that already holds two rollouts of the demo:
 * 2.4.0 through every ring, then 2.4.1-bad halted and rolled back in the canary.
 *
 * Fleet: every host reads 2.4.0 (not 57 "not updated"), legend, grouping by region, search
 * by substring and label=value, hover card, arrow keys within the grid, a host's history.
 * History: both rollouts newest first; the older one opens read-only in every view (rollout,
 * charts, timeline) and exports its own timeline; the Timeline after the restart is not empty, newest first, folded.
 * Screenshots at 1440×900 and 1024×700, light and dark, go to test-artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS_DIR as ARTIFACTS,
  launchChromiumPage,
  requireBuiltRenderer,
} from '../helpers/chromium';
import { downloadExport } from '../helpers/console-download';
import { rawTokens } from '../helpers/human-words';
import { seedDemoJournals, type SeededJournals } from '../helpers/seed-journals';

let dir: string;
let serve: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
let seeded: SeededJournals;

beforeAll(async () => {
  requireBuiltRenderer();
  dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-history-'));
  const journalRoot = join(dir, 'journals');
  seeded = await seedDemoJournals(journalRoot, Date.now());
  // The console "after a restart": a new process on the same journal root.
  serve = spawn(process.execPath, ['dist/cli.js', 'serve', '--demo', '--journal', journalRoot], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') },
  });
  url = await new Promise<string>((resolve, reject) => {
    serve.once('exit', (code) => reject(new Error(`ringside serve exited with ${code}`)));
    createInterface({ input: serve.stdout! }).on('line', (line) => {
      if (/^http:\/\/127\.0\.0\.1:\d+\//.test(line)) {
        resolve(line.trim());
      }
    });
  });
  ({ browser, page } = await launchChromiumPage({ logPageErrors: true }));
  await page.setViewportSize({ width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Screenshots at both sizes in both themes; leaves the page at 1440×900, light. */
async function shots(name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    const toggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
    if ((await toggle.getAttribute('aria-label')) === `Switch to ${theme} theme`) {
      await toggle.click();
    }
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({
        path: `${ARTIFACTS}/fleet-history-${name}-${size.width}x${size.height}-${theme}.png`,
      });
    }
  }
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function tab(name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

const gridLabel = () => page.getByTestId('host-grid').getAttribute('aria-label');

describe('fleet and history after a restart (Chromium, ringside serve --demo)', () => {
  it('colours the fleet by the version each host runs: 60 hosts on 2.4.0', async () => {
    expect((await page.goto(url))?.status()).toBe(200);
    const name = page.getByLabel(/Your name in the journal/);
    await name.waitFor();
    await name.fill('Dana on-call');
    await page.getByRole('button', { name: 'Save name' }).click();
    await tab('Fleet');
    const legend = page.getByLabel('Versions running now');
    await expect.poll(() => legend.textContent()).toBe('2.4.0 · 60 hosts');
    expect(await page.getByText(/not updated/).count()).toBe(0);
    expect(rawTokens((await page.locator('#view-panel').innerText()) ?? '')).toEqual([]);
    await shots('fleet');
  });

  it('searches by substring and label=value, groups by region, hovers and moves by keyboard', async () => {
    const box = page.getByLabel('Find hosts');
    await box.fill('region=eu-west');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'match' }).textContent())
      .toBe('20 of 60 hosts match');
    await page.getByLabel('Group by').selectOption({ label: 'region' });
    await shots('fleet-region-search');
    await box.fill('c-0');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'match' }).textContent())
      .toBe('18 of 60 hosts match');
    await box.press('Enter');
    await expect.poll(gridLabel).toMatch(/selected \w+-c-0\d, /);
    await box.fill('');
    await page.getByLabel('Group by').selectOption({ label: 'ring and update domain' });
    // Keyboard: from the first canary host, every arrow stays near it (the canary ring).
    const grid = page.getByTestId('host-grid');
    await page.evaluate(() =>
      document.querySelector<HTMLElement>('[data-testid=host-grid]')?.blur(),
    );
    await grid.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await expect.poll(gridLabel).toMatch(/selected [\w-]+, canary \//);
    await page.keyboard.press('ArrowDown');
    await expect.poll(gridLabel).toMatch(/selected [\w-]+, canary \//);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await expect.poll(gridLabel).toMatch(/selected [\w-]+, canary \//);
    // Hover: the first cell sits under the ring heading and the first domain title.
    const at = await grid.boundingBox();
    await page.mouse.move(at!.x + 8, at!.y + 4 + 22 + 16 + 4);
    const card = page.getByRole('tooltip');
    await card.waitFor();
    expect(await card.innerText()).toMatch(/2\.4\.0[\s\S]*canary \//);
    await shots('fleet-hover');
    await page.mouse.move(0, 0);
  });

  it('shows a host’s history across rollouts in its details', async () => {
    await page.getByLabel('Find hosts').fill(seeded.canaryHost);
    await page.getByLabel('Find hosts').press('Enter');
    const history = page.getByRole('table', { name: `History of ${seeded.canaryHost}` });
    await history.waitFor();
    const text = await history.innerText();
    expect(text).toMatch(/2\.4\.1-bad\s+rollback/);
    expect(text).toMatch(/2\.4\.0\s+install\s+succeeded/);
    await shots('host-history');
    await page.getByLabel('Find hosts').fill('');
  });

  it('shows the newest rollout’s timeline after the restart: newest first, folded, expandable', async () => {
    await tab('Timeline');
    const table = page.locator('section[aria-label="Timeline"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.innerText()).not.toMatch(/No events yet/);
    const rows = table.locator('tbody tr');
    const count = await rows.count();
    expect(count).toBeLessThan(40);
    expect(await rows.first().innerText()).toMatch(/rollback done|rolled back/);
    const expand = table.getByRole('button', { name: /^Expand \d+ events$/ }).first();
    const n = Number(/\d+/.exec((await expand.textContent()) ?? '')?.[0]);
    await expand.click();
    await expect.poll(() => rows.count()).toBe(count + n);
    await page.getByText(/^Kinds:/).click();
    await page.getByLabel('ring halted').check();
    await page.getByLabel('rollback started').check();
    await expect.poll(() => rows.count()).toBe(2);
    await shots('timeline');
    await page.getByRole('button', { name: 'Show every kind' }).click();
  });

  it('lists every rollout newest first and opens a past one read-only in every view', async () => {
    await tab('History');
    const list = page.getByLabel('Rollout history');
    await list.locator('tbody tr').nth(1).waitFor();
    const rows = await list.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/web 2\.4\.1-bad[\s\S]*rolled back/);
    expect(rows[1]).toMatch(/web 2\.4\.0[\s\S]*done/);
    expect(rawTokens(await list.innerText())).toEqual([]);
    await shots('history');
    await list.getByRole('button', { name: /^Open 2\.4\.0 / }).click();
    const banner = page.getByRole('status', { name: 'Past rollout' });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/web 2\.4\.0 · done/);
    // The rollout view: every ring promoted, no action offered.
    expect(await page.getByLabel('Rings').innerText()).toMatch(/global[\s\S]*promoted/);
    expect(await page.getByRole('button', { name: /^Promote/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('list', { name: /unavailable/ }).innerText()).toContain(
      'this is a past rollout, open to read only',
    );
    await shots('past-rollout');
    // Its charts: the telemetry persisted beside its journal.
    await tab('Telemetry');
    await page.getByLabel('error_rate chart').locator('path.chart-line').first().waitFor();
    await shots('past-telemetry');
    await tab('Timeline');
    const { name, text } = await downloadExport(page, 'Export MD');
    expect(name).toMatch(/^web-2\.4\.0-\d{4}-\d{2}-\d{2}\.md$/);
    expect(text).toMatch(/2\.4\.0/);
    expect(text).not.toMatch(/2\.4\.1-bad/);
    expect(await page.getByLabel('Note').count()).toBe(0);
    await page.getByRole('button', { name: 'Back to the live console' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(await page.locator('section[aria-label="Timeline"]').innerText()).toMatch(
      /rolled back|rollback/,
    );
  });
});
