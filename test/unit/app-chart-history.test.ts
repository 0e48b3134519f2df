/**
 * Issue 11 item 4, "history resets with each rollout": the charts' history is the workspace's
 * earlier rollouts, read from their journals and the telemetry persisted beside them, against
 * the real engine and the in-process simulated fleet. The live rollout is not part of it (its
 * samples come by push); a restarted console still has it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../../src-main/app';
import type { ConsoleSnapshot } from '../../src-main/core/contract';

let dir: string;
let app: RingsideApp;
const options = () => ({
  workspace: { demo: true as const },
  journalRoot: join(dir, 'journals'),
  bakeMs: 60_000,
  demo: { latencyScale: 0.2 },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-chart-history-'));
  app = await createRingsideApp(options());
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await get();
    if (ok(v)) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const snapshot = (ok: (s: ConsoleSnapshot) => boolean, what: string) =>
  until(what, () => app.getSnapshot(), ok);

describe('chart history', () => {
  it('is empty before any rollout', async () => {
    expect(await app.getChartHistory({})).toEqual({ series: [], markers: [] });
  });

  it('keeps the first rollout charted, with its deploy and halt, once the next one starts', async () => {
    await app.start({ release: '2.4.0' });
    await until(
      'canary samples',
      () => app.getSeries({}),
      (all) => all.some((s) => s.ring === 'canary' && s.points.length >= 2),
    );
    // The live rollout is charted from its pushes, not from history.
    expect((await app.getChartHistory({})).series).toEqual([]);
    await app.halt({ reason: 'checking the charts' });
    await snapshot((s) => s.rollout.status === 'halted', 'the halt');
    await app.abort({ reason: 'done checking' });
    const first = await snapshot((s) => s.rollout.status === 'aborted', 'the abort');
    const firstStart = first.rollout.startedAt ?? 0;
    await app.start({ release: '2.4.0' });
    await snapshot((s) => (s.rollout.startedAt ?? 0) > firstStart, 'the second rollout');
    const history = await app.getChartHistory({});
    const canary = history.series.filter((s) => s.ring === 'canary');
    expect(canary.length).toBeGreaterThan(0);
    expect(canary.every((s) => s.points.every((p) => p.t >= firstStart))).toBe(true);
    expect(history.series.some((s) => s.ring === 'baseline')).toBe(true);
    expect(history.markers.map((m) => m.label)).toEqual(['deploy canary', 'halt canary']);
  });

  it('survives a restart of the console', async () => {
    await app.abort({ reason: 'restarting' });
    await snapshot((s) => s.rollout.status === 'aborted', 'the second abort');
    await app.close();
    app = await createRingsideApp(options());
    const history = await app.getChartHistory({});
    expect(history.markers.filter((m) => m.kind === 'deploy')).toHaveLength(2);
    expect(history.series.some((s) => s.ring === 'canary')).toBe(true);
  });
});
