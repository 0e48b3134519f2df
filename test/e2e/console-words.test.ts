/**
 * Issue 11, item 8 in a real Chromium on the demo workspace (the real engine, simulated
 * fleet, console server and built renderer): every view, in every state the walk reaches,
 * reads as words — no camelCase state, no function or event-type name, no kebab enum. On
 * the way: an aborted canary no longer counts down its bake, a rolled-back canary does not
 * read "0/3 hosts done", and at 1024×700 the actions fit one row with Emergency rollback on
 * screen. Screenshots at 1440×900 and 1024×700 go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RingsideApp } from '../../src-main/app';
import type { ConsoleServer } from '../../src-main/server/console-server';
import { ARTIFACTS_DIR as ARTIFACTS } from '../helpers/chromium';
import {
  openTab,
  waitForReleaseStatus,
  openDemoConsole,
  type DemoConsole,
} from '../helpers/demo-console';
import { startReleaseInConsole } from '../helpers/console-start';
import { rawTokens } from '../helpers/human-words';

let dc: DemoConsole;
let app: RingsideApp;
let server: ConsoleServer;
let page: Page;

const VIEWS = ['Fleet', 'Rollout', 'Telemetry', 'Timeline', 'Logs', 'Connections'];
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

beforeAll(async () => {
  // Long enough to abort the canary mid-bake; the bad release halts well before it ends.
  dc = await openDemoConsole({
    name: 'words',
    bakeMs: 60_000,
  });
  ({ app, server, page } = dc);
});

afterAll(() => dc?.close());

const tab = (name: string) => openTab(page, name);

async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${ARTIFACTS}/words-${name}-${size.width}x${size.height}.png` });
  }
}

/** Walks every view and fails on any raw token in the text a person sees. */
async function walkEveryView(state: string): Promise<void> {
  for (const view of VIEWS) {
    await tab(view);
    // `code` holds data a person compares (fingerprints, digests, paths), not words.
    let text = await page.locator('body').innerText();
    for (const data of await page.locator('code').allInnerTexts()) {
      text = text.split(data).join(' ');
    }
    expect({ state, view, raw: rawTokens(text) }).toEqual({ state, view, raw: [] });
  }
  await tab('Rollout');
}

const waitForStatus = (wanted: RegExp, timeoutMs?: number) =>
  waitForReleaseStatus(page, wanted, timeoutMs);

const canaryCard = () => page.getByLabel('Rings').locator('li').first();

async function startRelease(release: string): Promise<void> {
  await startReleaseInConsole(page, release);
}

async function confirmWithReason(action: string, reason: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Reason/).fill(reason);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

describe('the console speaks one vocabulary (Chromium, demo workspace)', () => {
  it('reads as words before anything starts, with one reason line for the idle actions', async () => {
    expect((await page.goto(server.url))?.status()).toBe(200);
    await page.getByTestId('app-shell').waitFor();
    await waitForStatus(/^not started$/);
    const reasons = page.getByRole('list', { name: /unavailable/ });
    expect(await reasons.locator('li').count()).toBeLessThanOrEqual(3);
    expect(await page.getByText('no rollout has been started').count()).toBeLessThanOrEqual(1);
    await walkEveryView('idle');
    await shots('idle');
  });

  it('keeps every action on one row at 1024×700 with Emergency rollback on screen', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await tab('Rollout');
    const buttons = page.getByLabel('Actions').locator('.actions button');
    const tops = new Set<number>();
    for (const b of await buttons.all()) {
      tops.add(Math.round((await b.boundingBox())?.y ?? -1));
    }
    expect(tops.size).toBe(1);
    const emergency = await page.getByRole('button', { name: 'Emergency rollback' }).boundingBox();
    expect(emergency).not.toBeNull();
    expect(emergency!.y + emergency!.height).toBeLessThanOrEqual(700);
    expect(emergency!.x + emergency!.width).toBeLessThanOrEqual(1024);
  });

  it('stops the canary card on Abort: no "baking", no time left', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await startRelease('2.4.0');
    await waitForStatus(/^baking$/);
    await expect.poll(() => canaryCard().textContent()).toMatch(/left/);
    await walkEveryView('baking');
    await shots('baking');
    await confirmWithReason('Abort', 'e2e: wrong release window');
    await waitForStatus(/^aborted$/);
    const card = (await canaryCard().textContent()) ?? '';
    expect(card).not.toMatch(/baking|left/);
    expect(card).toContain('stopped');
    await walkEveryView('aborted');
    await shots('aborted');
  }, 90_000);

  it('halts and rolls back the bad release: the full bar reads rolled back', async () => {
    await startRelease('2.4.1-bad');
    await page.getByLabel('Halt summary').first().waitFor({ timeout: 60_000 });
    await waitForStatus(/^rolled back$/, 60_000);
    const card = (await canaryCard().textContent()) ?? '';
    expect(card).not.toMatch(/0\/\d+ hosts done/);
    expect(card).toMatch(/\d+ hosts: \d+ rolled back/);
    await walkEveryView('rolled back');
    await shots('rolled-back');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await shots('rolled-back-dark');
  }, 120_000);

  it('exports in the same words: no enum state in the Markdown', async () => {
    const md = await app.exportTimeline({ format: 'md' });
    expect(md).toContain('Ring canary: rolled back');
    expect(rawTokens(md.replace(/^\| .*$/gm, ''))).toEqual([]);
  });
});
