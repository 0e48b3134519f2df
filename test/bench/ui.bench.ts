/**
 * UI benchmark (`npm run bench:ui`, needs `npm run build`): the built renderer in Debian's
 * Chromium, fed by the real console server and the fixture API.
 *
 * 1. Fleet view, 10,000 hosts: first render (tab click to the frame after the canvas was
 *    drawn) and the cost of one 1 Hz snapshot update (100 hosts change; from the WebSocket
 *    message to the frame after it was handled).
 * 2. Telemetry view: 5 live charts (ring x3 each) holding 10 minutes of 1 Hz data, with the
 *    baseline's band, smoothing, labelled annotations (deploy, promote, override, halt of the
 *    live rollout; an earlier rollout's from the chart history), fed one sample per series per
 *    second: longest and mean frame time over the run.
 *
 * Prints figures, asserts nothing (the machine is shared). Last line:
 * `ui hosts=10000 first_render_ms=X update_ms=Y longest_frame_ms=Z mean_frame_ms=W`.
 */
import { writeFileSync } from 'node:fs';
import type { ConsoleSnapshot, MetricView, RingsideApi } from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSeries } from '../../src-main/core/contract/fixture-telemetry';
import { startConsoleServer } from '../../src-main/server/console-server';
import {
  ARTIFACTS_DIR,
  RENDERER_DIR,
  launchChromiumPage,
  recordFrames,
  requireBuiltRenderer,
  takeFrames,
} from '../helpers/chromium';

/** UI_HOSTS=50000 measures the fleet view at 50,000 hosts (issue 12: frames <= 50 ms). */
const HOSTS = Number(process.env.UI_HOSTS ?? 10_000);
const FLEET_UPDATES = 10;
const CHART_SECONDS = 20;
const METRICS = ['error_rate', 'p99_latency', 'p50_latency', 'cpu', 'restarts'];
const RINGS = ['canary', 'early'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => n.toFixed(1);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Installed before the page loads: times every snapshot message from its arrival to the
 * frame after its handlers ran (what one 1 Hz update costs the operator's screen).
 */
function instrumentSnapshots(): void {
  const w = window as unknown as { updates_: number[] };
  w.updates_ = [];
  const Original = window.WebSocket;
  class Timed extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"push":"onSnapshot"')) {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => w.updates_.push(performance.now() - t0)));
        }
      });
    }
  }
  window.WebSocket = Timed;
}

/** The live rollout's labelled moments inside the charts' ten minutes. */
function withAnnotations(timeline: ConsoleSnapshot['timeline']): ConsoleSnapshot['timeline'] {
  const now = Date.now();
  const seq = (timeline.at(-1)?.seq ?? 0) + 1;
  const moments: [number, string, string][] = [
    [9, 'RingStarted', 'canary'],
    [6, 'Promoted', 'canary'],
    [6, 'RingStarted', 'early'],
    [1, 'RingHalted', 'early'],
  ];
  return [
    ...timeline,
    ...moments.map(([minutesAgo, kind, ring], i) => ({
      seq: seq + i,
      at: now - minutesAgo * 60_000,
      kind,
      by: 'bench',
      ring,
      host: null,
      text: `${kind} ${ring}`,
    })),
  ];
}

async function main(): Promise<void> {
  requireBuiltRenderer();
  const fixture = createFixtureApi({ now: () => Date.now(), scenario: 'deploying', hosts: HOSTS });
  const metrics: MetricView[] = METRICS.map((name) => ({
    name,
    unit: '',
    thresholds: name === 'error_rate' ? [{ gate: 'error-rate-ceiling', value: 0.7 }] : [],
  }));
  // Ten minutes of 1 Hz history per series, as the engine's series store would hold.
  const api: RingsideApi = {
    ...fixture.api,
    getSeries: async () =>
      makeFixtureSeries({
        now: Date.now(),
        spanMs: 10 * 60_000,
        stepMs: 1000,
        metrics: METRICS,
        rings: RINGS,
      }),
  };
  const first = await fixture.api.getSnapshot();
  let snap: ConsoleSnapshot = { ...first, metrics, timeline: withAnnotations(first.timeline) };
  const server = await startConsoleServer({ api, staticDir: RENDERER_DIR });
  const { browser, page } = await launchChromiumPage();
  try {
    // tsx (esbuild keepNames) wraps named functions in `__name(...)`; the page lacks it.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(instrumentSnapshots);
    await page.goto(server.url);
    await page.getByLabel('Rings').waitFor();
    fixture.hub.emit('onSnapshot', (snap = { ...snap, revision: snap.revision + 1 }));

    const firstRenderMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>('#tab-fleet')?.click();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        }),
    );
    const label = (await page.getByTestId('host-grid').getAttribute('aria-label')) ?? '';
    if (!label.startsWith(`Fleet of ${HOSTS} hosts`)) {
      throw new Error(`fleet view did not draw ${HOSTS} hosts: '${label}'`);
    }
    // The snapshot pushed before the tab opened is this connection's first, sent whole (each
    // later one is a patch against it): wait for it, and time the 1 Hz updates after it.
    await page.waitForFunction(
      () => (window as unknown as { updates_: number[] }).updates_.length >= 1,
    );
    const initialPushMs = await page.evaluate(() => {
      const w = window as unknown as { updates_: number[] };
      const first = w.updates_[0] ?? 0;
      w.updates_ = [];
      return first;
    });
    await recordFrames(page);
    // UI_PROFILE_FLEET=FILE writes the renderer's CPU profile of the fleet updates.
    const fleetProfiler = process.env.UI_PROFILE_FLEET
      ? await page.context().newCDPSession(page)
      : null;
    await fleetProfiler?.send('Profiler.enable');
    await fleetProfiler?.send('Profiler.start');
    // UI_TRACE_FLEET=FILE writes a Chrome trace (timeline categories) of the fleet updates.
    if (process.env.UI_TRACE_FLEET) {
      await browser.startTracing(page, { path: process.env.UI_TRACE_FLEET, screenshots: false });
    }
    for (let u = 0; u < FLEET_UPDATES; u += 1) {
      const hosts = snap.hosts.slice();
      for (let k = 0; k < 100; k += 1) {
        const i = (u * 100 + k * 97) % hosts.length;
        const h = hosts[i];
        if (h) {
          hosts[i] = { ...h, state: u % 2 === 0 ? 'deploying' : 'done' };
        }
      }
      snap = { ...snap, revision: snap.revision + 1, generatedAt: Date.now(), hosts };
      fixture.hub.emit('onSnapshot', snap);
      await sleep(1000);
    }
    const updates = await page.evaluate(
      () => (window as unknown as { updates_: number[] }).updates_,
    );
    const fleetFrames = await takeFrames(page);
    if (process.env.UI_TRACE_FLEET) {
      await browser.stopTracing();
    }
    if (fleetProfiler && process.env.UI_PROFILE_FLEET) {
      const { profile } = await fleetProfiler.send('Profiler.stop');
      writeFileSync(process.env.UI_PROFILE_FLEET, JSON.stringify(profile));
    }
    console.log(
      `fleet hosts=${HOSTS} first_render_ms=${fmt(firstRenderMs)} initial_push_ms=${fmt(initialPushMs)} updates=${updates.length} ` +
        `update_ms_median=${fmt(median(updates))} update_ms_max=${fmt(Math.max(...updates))} ` +
        `updates_ms=${updates.map(fmt).join(',')} ` +
        `frames_over_50ms=${fleetFrames.filter((f) => f > 50).length} longest_frames_ms=${[
          ...fleetFrames,
        ]
          .sort((a, b) => b - a)
          .slice(0, 3)
          .map(fmt)
          .join(',')} ` +
        `longest_frame_ms=${fmt(Math.max(...fleetFrames))} mean_frame_ms=${fmt(mean(fleetFrames))}`,
    );

    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await page.getByLabel(`${METRICS[4]} chart`).locator('path.chart-line').first().waitFor();
    const labels = await page.locator('text.chart-marker-label').count();
    if (labels < METRICS.length * 4) {
      throw new Error(`charts drew ${labels} annotation labels, expected at least 4 per chart`);
    }
    await takeFrames(page);
    // UI_PROFILE=FILE writes the renderer's CPU profile of the chart run (Chrome DevTools format).
    const profiler = process.env.UI_PROFILE ? await page.context().newCDPSession(page) : null;
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.start');
    for (let s = 0; s < CHART_SECONDS; s += 1) {
      const t = Date.now();
      for (const metric of METRICS) {
        for (const ring of ['baseline', ...RINGS]) {
          fixture.hub.emit('onSamples', {
            metric,
            ring,
            points: [{ t, v: 0.5 + 0.1 * Math.sin(t / 7000) }],
          });
        }
      }
      await sleep(1000);
    }
    const chartFrames = await takeFrames(page);
    if (profiler && process.env.UI_PROFILE) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(process.env.UI_PROFILE, JSON.stringify(profile));
    }
    await page.screenshot({ path: `${ARTIFACTS_DIR}/bench-ui-charts.png` });
    const longest = Math.max(...chartFrames);
    const meanFrame = mean(chartFrames);
    const p95 = [...chartFrames].sort((a, b) => a - b)[Math.floor(chartFrames.length * 0.95)] ?? 0;
    const long = chartFrames.filter((f) => f > 50).length;
    console.log(
      `charts charts=${METRICS.length} series=${METRICS.length * (RINGS.length + 1)} history_s=600 annotations=${labels} ` +
        `seconds=${CHART_SECONDS} frames=${chartFrames.length} p95_frame_ms=${fmt(p95)} frames_over_50ms=${long} ` +
        `longest_frame_ms=${fmt(longest)} mean_frame_ms=${fmt(meanFrame)}`,
    );
    console.log(
      `ui hosts=${HOSTS} first_render_ms=${fmt(firstRenderMs)} update_ms=${fmt(median(updates))} ` +
        `longest_frame_ms=${fmt(longest)} mean_frame_ms=${fmt(meanFrame)}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
