/**
 * Issue 11 items 4 and 9 in a real Chromium on the demo workspace (real engine, simulated
 * fleet, console server, built renderer): charts like Grafana's — rings in their own colour,
 * the limit alone in red, smoothing and the baseline's band, labelled deploy/promote/halt/
 * rollback lines, tooltips in units, drag to zoom, earlier rollouts kept — browser
 * notifications asked for on the first promotion wait (not on load), and Logs with search,
 * levels, signatures and follow mode. Screenshots at 1440×900 and 1024×700, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RingsideApp } from '../../src-main/app';
import { FAILING_COLOUR, ringColour } from '../../src-main/core/timeline/chart-style';
import type { ConsoleServer } from '../../src-main/server/console-server';
import { ARTIFACTS_DIR as ARTIFACTS } from '../helpers/chromium';
import { openTab, openDemoConsole, type DemoConsole } from '../helpers/demo-console';
import { startReleaseInConsole } from '../helpers/console-start';

let dc: DemoConsole;
let app: RingsideApp;
let server: ConsoleServer;
let page: Page;

/**
 * Records every notification the page raises and every permission request; a request is
 * answered the way a person clicking "Allow" would (the browser context grants it).
 */
const RECORD_NOTIFICATIONS = `
  window.__notes = [];
  window.__asks = 0;
  const Original = window.Notification;
  class Recorded extends Original {
    constructor(title, options) {
      super(title, options);
      window.__notes.push({ title, body: (options && options.body) || '' });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Original.permission });
  Recorded.requestPermission = async () => {
    window.__asks += 1;
    await window.allowNotifications();
    return Original.requestPermission();
  };
  window.Notification = Recorded;
`;

beforeAll(async () => {
  dc = await openDemoConsole({
    name: 'charts',
    bakeMs: 8_000,
  });
  ({ app, server, page } = dc);
  const context = page.context();
  await page.exposeFunction('allowNotifications', () =>
    context.grantPermissions(['notifications'], { origin: server.origin }),
  );
  await page.addInitScript({ content: RECORD_NOTIFICATIONS });
});

afterAll(() => dc?.close());

const notes = () =>
  page.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes);
const asks = () => page.evaluate(() => (window as unknown as { __asks: number }).__asks);
const chart = () => page.getByLabel('error_rate chart');
const markerLabels = async () =>
  (await chart().locator('text.chart-marker-label').allTextContents()).map((t) => t.trim());

const tab = (name: string) => openTab(page, name);

/** Screenshots at both sizes in light and dark, back to light and 1440×900 after. */
async function shots(name: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') {
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    }
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({
        path: `${ARTIFACTS}/charts-logs-${name}-${size.width}x${size.height}-${theme}.png`,
      });
    }
  }
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function promote(): Promise<void> {
  await tab('Rollout');
  await page.getByRole('button', { name: /^Promote/ }).click();
  const dialog = page.getByRole('dialog');
  const override = dialog.getByLabel(/Override reason/);
  if ((await override.count()) > 0) {
    await override.fill('e2e: short demo bake');
  }
  await dialog.getByRole('button', { name: /^Promote( with override)?$/ }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

describe('charts, browser notifications and logs (demo workspace, Chromium)', () => {
  it('asks no notification permission on load', async () => {
    await page.goto(server.url);
    await page.getByTestId('app-shell').waitFor();
    expect(await asks()).toBe(0);
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
  });

  it('asks on the first promotion wait and then notifies like Electron', async () => {
    await startReleaseInConsole(page, '2.4.0');
    await expect
      .poll(async () => (await notes()).map((n) => n.title), { timeout: 90_000, interval: 250 })
      .toContain('Waiting for promotion');
    expect(await asks()).toBe(1);
  }, 120_000);

  it('draws rings in their own colour, the limit in red, a band and labelled moments', async () => {
    await tab('Telemetry');
    await chart().locator('path.chart-line').first().waitFor();
    await expect.poll(markerLabels).toContain('deploy canary');
    const strokes = await chart()
      .locator('path.chart-line')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    const canary = ringColour('canary', ['canary']);
    expect(strokes).toContain(canary);
    expect(strokes).not.toContain(FAILING_COLOUR);
    expect(await chart().getByRole('list', { name: 'Lines' }).textContent()).toContain(
      'baseline spread',
    );
    expect(await chart().locator('path.chart-band').count()).toBe(1);
    expect(await chart().textContent()).toContain('limit');
    // The tooltip reads in the metric's unit, never a raw float.
    const box = await chart().locator('.chart-surface').first().boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6);
    }
    const tooltip = chart().locator('.chart-tooltip-wrapper');
    await expect.poll(async () => (await tooltip.textContent()) ?? '').toMatch(/ %/);
    expect(await tooltip.textContent()).not.toMatch(/\d\.\d{6,}/);
    // The baseline's spread is read where it is drawn, as its low – high range.
    expect(await tooltip.textContent()).toMatch(/baseline spread: [\d.]+ % – [\d.]+ %/);
    // Smoothing is a switch: the raw line is drawn differently.
    const path = chart().locator(`path.chart-line[stroke="${canary}"]`).first();
    const smoothed = await path.getAttribute('d');
    await page.getByLabel('Smooth lines').uncheck();
    await expect.poll(() => path.getAttribute('d')).not.toBe(smoothed);
    await page.getByLabel('Smooth lines').check();
    await shots('telemetry-bake');
  });

  it('zooms every chart to a range dragged across one, and back', async () => {
    const box = await chart().locator('.chart-surface').first().boundingBox();
    expect(box).not.toBeNull();
    if (!box) {
      return;
    }
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 8 });
    await page.mouse.up();
    const zoom = page.getByRole('status', { name: 'Zoom' });
    await expect.poll(async () => (await zoom.textContent()) ?? '').toMatch(/^Zoomed to /);
    await chart().locator('path.chart-line').first().waitFor();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    expect(await zoom.count()).toBe(0);
    // The same by keyboard, on a focused chart: + zooms in, Esc goes back.
    await chart().locator('.chart-surface').first().focus();
    // ← steps the tooltip from the newest sample back, one sample at a time.
    const tooltip = chart().locator('.chart-tooltip-wrapper');
    await page.mouse.move(0, 0);
    await page.keyboard.press('ArrowLeft');
    const newest = (await tooltip.locator('.chart-tooltip-label').textContent()) ?? '';
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(async () => (await tooltip.locator('.chart-tooltip-label').textContent()) ?? '')
      .not.toBe(newest);
    expect(newest).toMatch(/\d:\d\d/);
    await page.keyboard.press('+');
    await expect.poll(async () => (await zoom.textContent()) ?? '').toMatch(/^Zoomed to /);
    await page.keyboard.press('Escape');
    await expect.poll(() => zoom.count()).toBe(0);
  });

  it('labels the promotion, then keeps the first rollout charted when the bad one halts', async () => {
    await promote();
    await tab('Telemetry');
    await expect
      .poll(markerLabels)
      .toContainEqual(expect.stringMatching(/^(promote|override) canary/));
    await app.abort({ reason: 'e2e: next release' });
    await startReleaseInConsole(page, '2.4.1-bad');
    await expect
      .poll(async () => (await notes()).map((n) => n.title), { timeout: 90_000, interval: 250 })
      .toContain('Rollout halted');
    expect(await asks()).toBe(1);
    await tab('Telemetry');
    await expect
      .poll(markerLabels, { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['halt canary', 'rollback canary']));
    const labels = await markerLabels();
    // The first rollout's moments are still on the chart beside the second's.
    expect(labels.filter((l) => l === 'deploy canary').length).toBe(2);
    expect(labels.some((l) => /^(promote|override) canary/.test(l))).toBe(true);
    await shots('telemetry-halt');
  }, 150_000);

  it('searches logs, filters levels, opens a signature and follows the tail', async () => {
    await tab('Logs');
    const stream = page.getByLabel('Log stream');
    await expect
      .poll(() => stream.locator('.log-line').count(), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await page.getByLabel('Search').fill('error');
    const texts = await stream.locator('.log-line').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.toLowerCase().includes('error'))).toBe(true);
    await page.getByLabel('Search').fill('');
    await page.getByRole('button', { name: 'info', exact: true }).click();
    expect(
      (await stream.locator('.log-line').allTextContents()).some((t) => / INFO /.test(t)),
    ).toBe(false);
    await page.getByRole('button', { name: 'info', exact: true }).click();
    const signature = page.getByLabel('Error signatures').getByRole('button').first();
    const name = (await signature.textContent()) ?? '';
    await signature.click();
    await page.getByRole('heading', { name: /^Lines of “/ }).waitFor();
    expect(await stream.locator('.log-line:not(.signature)').count()).toBe(0);
    await shots('logs-signature');
    await page.getByRole('button', { name: 'Show every line' }).click();
    expect(name.length).toBeGreaterThan(0);
    // Follow mode: scrolled up, the pane stays put as lines arrive; Follow goes to the tail.
    const pane = stream;
    await pane.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    await page.getByRole('button', { name: 'Follow new lines' }).waitFor();
    const before = await stream.locator('.log-line').last().textContent();
    await expect
      .poll(() => stream.locator('.log-line').last().textContent(), { timeout: 30_000 })
      .not.toBe(before);
    expect(await pane.evaluate((el) => el.scrollTop)).toBe(0);
    await page.getByRole('button', { name: 'Follow new lines' }).click();
    await expect
      .poll(() => pane.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 4))
      .toBe(true);
    await shots('logs');
  }, 90_000);
});
