/**
 * Issue 11, item 7 in a real Chromium (browser mode, fixture API on the halted scenario):
 * the operator's name is asked on first run and shown in the header; an export downloads at
 * once as RELEASE-VERSION-DATE.ext with no preview left behind; the halt summary's Copy button
 * puts it on the clipboard. Screenshots at 1440×900 and 1024×700 go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';
import {
  ARTIFACTS_DIR as ARTIFACTS,
  RENDERER_DIR,
  launchChromiumPage,
  requireBuiltRenderer,
} from '../helpers/chromium';
import { downloadExport } from '../helpers/console-download';
import { rawTokens } from '../helpers/human-words';

let server: ConsoleServer;
let fixture: FixtureApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuiltRenderer();
  fixture = createFixtureApi({ now: () => Date.now(), scenario: 'halted' });
  server = await startConsoleServer({ api: fixture.api, staticDir: RENDERER_DIR });
  ({ browser, page } = await launchChromiumPage({ logPageErrors: true }));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.origin,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shots(name: string): Promise<void> {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${ARTIFACTS}/export-${name}-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('export, copy and the operator name (Chromium, browser mode)', () => {
  it('asks the operator name once and shows it in the header', async () => {
    expect((await page.goto(server.url))?.status()).toBe(200);
    const input = page.getByLabel(/Your name in the journal/);
    await input.waitFor();
    await shots('first-run');
    await input.fill('Dana on-call');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('button', { name: 'operator: Dana on-call' }).waitFor();
    expect(await input.count()).toBe(0);
    expect(fixture.calls.find((c) => c.method === 'setSettings')?.params).toEqual({
      operatorName: 'Dana on-call',
      operatorConfirmed: true,
    });
    await page.reload();
    await page.getByRole('button', { name: 'operator: Dana on-call' }).waitFor();
    expect(await page.getByLabel(/Your name in the journal/).count()).toBe(0);
  });

  it('copies the halt summary for the incident channel', async () => {
    const halt = (await fixture.api.getSnapshot()).halt;
    expect(halt).not.toBeNull();
    await page.getByLabel('Halt summary').getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(halt!.text)).toBe(true);
  });

  it('downloads an export at once, named RELEASE-VERSION-DATE.ext, leaving no preview', async () => {
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const { name, text } = await downloadExport(page, 'Export MD');
    expect(name).toMatch(/^web-2\.4\.0-\d{4}-\d{2}-\d{2}\.md$/);
    expect(text).toMatch(/^# /);
    const csv = await downloadExport(page, 'Export CSV');
    expect(csv.name).toMatch(/^web-2\.4\.0-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await page.getByTestId('export-preview').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Download' }).count()).toBe(0);
    await shots('timeline');
  });

  it('shows every gate of the ring side by side, formatted, with relative ages', async () => {
    await page.getByRole('tab', { name: 'Rollout' }).click();
    await page
      .getByRole('button', { name: /error-rate: fail/ })
      .first()
      .click();
    const panel = page.getByLabel('Evidence of ring canary');
    await panel.waitFor();
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/3\.1 %[\s\S]*0\.5 %[\s\S]*18,204 \/ 120,377/);
    const text = await panel.innerText();
    expect(text).toMatch(/\d+ (s|min) ago/);
    expect(text).not.toMatch(/\d{1,3}(,\d{3}){4}/);
    expect(rawTokens(text)).toEqual([]);
    await shots('evidence');
  });
});
