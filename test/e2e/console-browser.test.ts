/**
 * Browser mode end to end: the built renderer (dist/renderer, from `npm run build`) served
 * by the real console server with the fixture API, driven in Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureLogLines } from '../../src-main/core/contract/fixture-telemetry';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';
import {
  ARTIFACTS_DIR as ARTIFACTS,
  RENDERER_DIR,
  launchChromiumPage,
  requireBuiltRenderer,
} from '../helpers/chromium';
import { downloadExport } from '../helpers/console-download';

let server: ConsoleServer;
let fixture: FixtureApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuiltRenderer();
  fixture = createFixtureApi({ now: () => Date.now(), scenario: 'deploying' });
  server = await startConsoleServer({ api: fixture.api, staticDir: RENDERER_DIR });
  ({ browser, page } = await launchChromiumPage({ logPageErrors: true }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function tab(name: string) {
  await page.getByRole('tab', { name }).click();
}

describe('console in Chromium (browser mode, fixture API)', () => {
  it('refuses a wrong token and a missing one', async () => {
    const wrong = await page.goto(`${server.origin}/?token=not-the-token`);
    expect(wrong?.status()).toBe(403);
    const none = await page.goto(`${server.origin}/`);
    expect(none?.status()).toBe(401);
  });

  it('renders the rollout view from the pushed snapshot', async () => {
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    await page.getByTestId('app-shell').waitFor();
    await expect.poll(() => page.getByLabel('Rings').textContent()).toContain('canary');
    expect(await page.getByRole('button', { name: 'Promote' }).isDisabled()).toBe(true);
    expect(await page.getByRole('list', { name: /unavailable/ }).textContent()).toContain(
      'Promote: the ring is not baked yet',
    );
    await page
      .getByRole('button', { name: /error-rate: pass/ })
      .first()
      .click();
    await page.getByLabel('Evidence of ring canary').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/rollout.png`, fullPage: true });
  });

  it('confirms an action with a required reason before sending it', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    await dialog.getByLabel(/Reason/).fill('checking a dashboard');
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => fixture.calls.some((c) => c.method === 'pause')).toBe(true);
    expect(fixture.calls.find((c) => c.method === 'pause')?.params).toEqual({
      reason: 'checking a dashboard',
      // Stamped by the page when the person confirmed: an id and a deadline 30 s later.
      stamp: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        issuedAt: expect.any(Number),
        deadline: expect.any(Number),
      },
    });
  });

  it('draws the fleet on a canvas and selects a host by keyboard', async () => {
    await tab('Fleet');
    await page.getByTestId('host-grid').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByLabel('Host details').textContent()).toMatch(/web-\d+/);
    await page.screenshot({ path: `${ARTIFACTS}/fleet.png`, fullPage: true });
  });

  it('charts pushed samples with gate limits', async () => {
    await tab('Telemetry');
    const t = Date.now();
    for (const ring of ['baseline', 'canary']) {
      fixture.hub.emit('onSamples', {
        metric: 'error_rate',
        ring,
        points: [{ t, v: ring === 'baseline' ? 0.5 : 0.8 }],
      });
    }
    await page.getByLabel('error_rate chart').locator('path.chart-line').first().waitFor();
    expect(await page.getByLabel('error_rate chart').textContent()).toContain('error-rate limit');
    await page.screenshot({ path: `${ARTIFACTS}/telemetry.png`, fullPage: true });
  });

  it('adds a note and exports the timeline', async () => {
    await tab('Timeline');
    await page.getByLabel('Note').fill('canary looks healthy');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('cell', { name: 'canary looks healthy' }).waitFor();
    const { name, text } = await downloadExport(page, 'Export MD');
    expect(name).toMatch(/^web-2\.4\.0-\d{4}-\d{2}-\d{2}\.md$/);
    expect(text).toContain('canary looks healthy');
    await page.screenshot({ path: `${ARTIFACTS}/timeline.png`, fullPage: true });
  });

  it('streams log lines with signatures counted', async () => {
    for (const line of makeFixtureLogLines(Date.now(), 40)) {
      fixture.hub.emit('onLogLine', line);
    }
    await tab('Logs');
    await page.getByLabel('Error signatures').getByText('upstream timeout after <n> ms').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/logs.png`, fullPage: true });
  });

  it('approves a pending host key after showing its fingerprint', async () => {
    await tab('Connections');
    const fingerprint = (await fixture.api.getSnapshot()).pendingHostKeys[0]?.fingerprint ?? '';
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    expect(await page.getByRole('dialog').textContent()).toContain(fingerprint);
    await page.screenshot({ path: `${ARTIFACTS}/connections-approve.png` });
    await page.getByRole('button', { name: 'Approve key' }).click();
    await page.getByText('No host key waits for approval.').waitFor();
    expect(await page.getByLabel('Identities and known hosts').textContent()).toContain(
      fingerprint,
    );
  });

  it('switches to the dark theme and shows a halt', async () => {
    fixture.setScenario('halted');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await tab('Rollout');
    await page.getByLabel('Halt summary').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: `${ARTIFACTS}/rollout-halted-dark.png`, fullPage: true });
  });

  it('shows the lost connection and recovers when the server returns', async () => {
    const { port, token } = server;
    await server.close();
    await page.getByText('reconnecting', { exact: true }).waitFor();
    server = await startConsoleServer({
      api: fixture.api,
      staticDir: RENDERER_DIR,
      port,
      token,
    });
    await page.getByText('connected', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Halt summary').waitFor();
  });
});
