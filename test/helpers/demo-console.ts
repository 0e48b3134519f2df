/**
 * The console on the built-in demo fleet, served to Chromium as `ringside serve --demo` does:
 * the facade on the real engine and simulated fleet, the console server on 127.0.0.1, and a
 * headless Chromium page. One setup for the end-to-end files that drive the demo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createRingsideApp, type RingsideApp, type RingsideAppOptions } from '../../src-main/app';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server';
import { RENDERER_DIR, launchChromiumPage, requireBuiltRenderer } from './chromium';

export interface DemoConsole {
  readonly app: RingsideApp;
  readonly server: ConsoleServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly journalRoot: string;
  /** Closes the browser, the server and the app, and removes the journals. */
  close(): Promise<void>;
}

/** Starts the demo console with `bakeMs` bakes (the demo's fleet options in `demo`). */
export async function openDemoConsole(o: {
  /** Names the journal root's temp directory. */
  readonly name: string;
  readonly bakeMs: number;
  readonly demo?: RingsideAppOptions['demo'];
  /** Before the server starts (e.g. to listen to every snapshot). */
  readonly onApp?: (app: RingsideApp) => void;
}): Promise<DemoConsole> {
  requireBuiltRenderer();
  const journalRoot = mkdtempSync(join(tmpdir(), `ringside-e2e-${o.name}-`));
  const app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot,
    bakeMs: o.bakeMs,
    demo: { rps: 60, latencyScale: 0.3, ...o.demo },
  });
  o.onApp?.(app);
  const server = await startConsoleServer({ api: app, staticDir: RENDERER_DIR });
  const { browser, page } = await launchChromiumPage({ logPageErrors: true });
  return {
    app,
    server,
    browser,
    page,
    journalRoot,
    close: async () => {
      await browser.close();
      await server.close();
      await app.close();
      rmSync(journalRoot, { recursive: true, force: true });
    },
  };
}

/** Opens one of the console's views by its tab. */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** The rollout status pill of the Rollout view, as a person reads it. */
export async function releaseStatus(page: Page): Promise<string> {
  return (await page.locator('section[aria-label="Release"] .pill').textContent()) ?? '';
}

/** Waits for the status pill to read `wanted`; returns what it read. */
export async function waitForReleaseStatus(
  page: Page,
  wanted: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  let last = '';
  await expect
    .poll(async () => (last = await releaseStatus(page)), { timeout: timeoutMs, interval: 250 })
    .toMatch(wanted);
  return last;
}
