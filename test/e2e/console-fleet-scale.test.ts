/**
 * 10,000 hosts in the fleet view, in Chromium: prints first-render and update figures.
 * Asserts only that the grid drew every host (never a time: the machine is shared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';
import {
  RENDERER_DIR,
  launchChromiumPage,
  recordFrames,
  requireBuiltRenderer,
  takeFrames,
} from '../helpers/chromium';

let server: ConsoleServer;
let fixture: FixtureApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuiltRenderer();
  fixture = createFixtureApi({ now: () => Date.now(), scenario: 'deploying', hosts: 10_000 });
  server = await startConsoleServer({ api: fixture.api, staticDir: RENDERER_DIR });
  ({ browser, page } = await launchChromiumPage());
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('fleet view at 10,000 hosts', () => {
  it('draws every host and prints render and update figures', async () => {
    await page.goto(server.url);
    await page.getByLabel('Rings').waitFor();
    // From the tab click to the frame after the canvas was drawn.
    const firstRenderMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>('#tab-fleet')?.click();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        }),
    );
    const label = await page.getByTestId('host-grid').getAttribute('aria-label');
    expect(label).toMatch(/^Fleet of 10000 hosts/);
    // Frame times while snapshots arrive over the WebSocket.
    await recordFrames(page);
    // Like the engine at 1 Hz: each snapshot moves 100 hosts on (the bridge sends patches).
    let snap = await fixture.api.getSnapshot();
    const updates = 6;
    for (let u = 0; u < updates; u += 1) {
      const hosts = snap.hosts.slice();
      for (let k = 0; k < 100; k += 1) {
        const i = (u * 100 + k * 97) % hosts.length;
        hosts[i] = { ...hosts[i]!, state: u % 2 === 0 ? 'deploying' : 'done' };
      }
      snap = { ...snap, revision: snap.revision + 1, hosts };
      fixture.hub.emit('onSnapshot', snap);
      await page.waitForTimeout(300);
    }
    const frames = await takeFrames(page);
    const longest = Math.max(...frames);
    const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
    await page.screenshot({ path: 'test-artifacts/fleet-10000.png' });
    console.log(
      `ui-fleet hosts=10000 first_render_ms=${firstRenderMs.toFixed(1)} ` +
        `updates=${updates} longest_frame_ms=${longest.toFixed(1)} mean_frame_ms=${mean.toFixed(1)}`,
    );
  });
});

describe('toasts at 1280x800', () => {
  it('show at most three with "+N more", in a tray that never covers the action bar', async () => {
    await page.getByRole('tab', { name: 'Rollout' }).click();
    await page.getByLabel('Actions').waitFor();
    for (let i = 1; i <= 5; i += 1) {
      fixture.hub.emit('onNotification', {
        kind: i % 2 === 0 ? 'waiting-promotion' : 'halt',
        text: `Notice ${i}: ring canary halted: gate error-rate failed on error_rate.`,
      });
    }
    const tray = page.getByRole('region', { name: 'Notifications' });
    await tray.getByRole('button', { name: '+2 more' }).waitFor();
    expect(await tray.locator('.toast').count()).toBe(3);
    // Scrolled to the bottom, the last action button must still be clear of the tray.
    await page.locator('#view-panel').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const trayBox = await tray.boundingBox();
    const buttons = page.getByLabel('Actions').getByRole('button');
    expect(trayBox).not.toBeNull();
    for (let i = 0; i < (await buttons.count()); i += 1) {
      const box = await buttons.nth(i).boundingBox();
      expect(box, `action button ${i} is laid out`).not.toBeNull();
      expect(box!.y + box!.height, `action button ${i} ends above the toasts`).toBeLessThanOrEqual(
        trayBox!.y,
      );
    }
    await page.screenshot({ path: 'test-artifacts/rollout-toasts-1280.png' });
  });
});
