/**
 * Debian's Chromium driven by playwright-core for the e2e tests and the UI bench: one place
 * for the flags (no sandbox, no GPU, nothing reaching out to the network) and the viewport,
 * so every browser test sees the console the same way.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where `npm run build` puts the renderer the console server serves. */
export const RENDERER_DIR = 'dist/renderer';

/** Where browser tests write their screenshots. */
export const ARTIFACTS_DIR = 'test-artifacts';

/** Headless flags: no sandbox or GPU in the container, no background traffic off 127.0.0.x. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Throws unless the built renderer exists (the browser tests need `npm run build` first)
 * and makes sure the screenshot folder is there.
 */
export function requireBuiltRenderer(): void {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    throw new Error(`${RENDERER_DIR} missing: run \`npm run build\` before the browser tests`);
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}

/** A browser and its first page (1280x800). */
export interface ChromiumPage {
  browser: Browser;
  page: Page;
}

/**
 * Launches headless Chromium (/usr/bin/chromium) with {@link CHROMIUM_FLAGS} and opens one
 * 1280x800 page. With `logPageErrors`, uncaught page errors are printed so a failing test
 * shows why the renderer broke. The caller closes `browser`.
 */
export async function launchChromiumPage(
  opts: { logPageErrors?: boolean } = {},
): Promise<ChromiumPage> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (opts.logPageErrors === true) {
      page.on('pageerror', (e) => console.error('page error:', e.message));
    }
    return { browser, page };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/**
 * Starts recording every frame's duration in the page (requestAnimationFrame deltas), for
 * frame-time figures. Capped at 100,000 frames so a forgotten recorder cannot grow forever.
 */
export async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[] };
    w.frames_ = [];
    let last = performance.now();
    const tick = (t: number) => {
      w.frames_.push(t - last);
      last = t;
      if (w.frames_.length < 100_000) {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  });
}

/**
 * The frame durations recorded since {@link recordFrames} or the last call (the first,
 * partial frame left out), and starts a new batch.
 */
export async function takeFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[] };
    const f = w.frames_.slice(1);
    w.frames_ = [];
    return f;
  });
}
