/**
 * History through the facade (issue 11, item 6, and the fleet's versions of item 5): a
 * console opened on a journal root with two finished rollouts of the demo shows the newest
 * one instead of an empty timeline, lists both newest first, opens the older one read-only,
 * exports it, gives a host's steps across both, and reads every host as running 2.4.0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, noTelemetry, type RingsideApp } from '../../src-main/app';
import { methodSchemas } from '../../src-main/core/contract';
import { PAST_ROLLOUT_WHY } from '../../src-main/core/words';
import { seedDemoJournals, type SeededJournals } from '../helpers/seed-journals';

const journalRoot = mkdtempSync(join(tmpdir(), 'ringside-history-'));
let app: RingsideApp;
let seeded: SeededJournals;

beforeAll(async () => {
  seeded = await seedDemoJournals(journalRoot, Date.now());
  app = await createRingsideApp({ workspace: { demo: true }, journalRoot, telemetry: noTelemetry });
});
afterAll(async () => {
  await app?.close();
  rmSync(journalRoot, { recursive: true, force: true });
});

describe('a console restarted on a workspace with finished rollouts', () => {
  it('reads 2.4.0 on every host after 2.4.0 finished and 2.4.1-bad rolled back (not "pending")', async () => {
    const s = await app.getSnapshot();
    expect(s.hosts).toHaveLength(60);
    const versions = new Map<string, number>();
    s.hosts.forEach((h) =>
      versions.set(String(h.version), (versions.get(String(h.version)) ?? 0) + 1),
    );
    expect(Object.fromEntries(versions)).toEqual({ '2.4.0': 60 });
  });

  it('shows the newest rollout, so the timeline is not empty', async () => {
    const s = await app.getSnapshot();
    expect(s.shown).toEqual({ id: seeded.bad, readOnly: false });
    expect(s.rollout.status).toBe('rolledBack');
    expect(s.timeline.length).toBeGreaterThan(10);
    expect(s.actions.find((a) => a.id === 'start')?.enabled).toBe(true);
  });

  it('lists every rollout newest first, with version, outcome and duration', async () => {
    const list = await app.listRollouts();
    expect(list.map((r) => [r.id, r.release.version, r.outcome, r.live])).toEqual([
      [seeded.bad, '2.4.1-bad', 'rolled back', false],
      [seeded.good, '2.4.0', 'done', false],
    ]);
    expect(list.every((r) => r.durationMs > 0 && r.endedAt !== null && r.hosts === 60)).toBe(true);
  });

  it('opens a past rollout read-only and exports it', async () => {
    const past = await app.openPastRollout({ id: seeded.good });
    expect(past.shown).toEqual({ id: seeded.good, readOnly: true });
    expect(past.rollout.status).toBe('done');
    expect(past.rings.map((r) => r.status)).toEqual([
      'promoted',
      'promoted',
      'promoted',
      'promoted',
    ]);
    expect(past.actions.every((a) => !a.enabled && a.why === PAST_ROLLOUT_WHY)).toBe(true);
    const md = await app.exportTimeline({ format: 'md', rollout: seeded.good });
    expect(md).toMatch(/2\.4\.0/);
    expect(md).not.toMatch(/2\.4\.1-bad/);
    // The shown (newest) rollout exports too, with no live engine after the restart.
    expect(await app.exportTimeline({ format: 'md' })).toMatch(/2\.4\.1-bad/);
    await expect(app.openPastRollout({ id: 'no-such-rollout' })).rejects.toThrow(/no rollout/);
    expect(methodSchemas.openPastRollout.params.safeParse({ id: '../../etc' }).success).toBe(false);
  });

  it('charts a past rollout from the telemetry persisted beside its journal', async () => {
    const series = await app.getSeries({ rollout: seeded.good });
    expect(series.map((x) => [x.metric, x.ring, x.points.length])).toEqual([
      ['error_rate', 'canary', 120],
    ]);
    expect(await app.getSeries({ rollout: seeded.bad })).toEqual([]);
  });

  it('gives a host’s steps across rollouts, newest first', async () => {
    const h = await app.getHostHistory({ host: seeded.canaryHost });
    const rows = h.entries.map((e) => `${e.version} ${e.phase} ${e.step} ${e.outcome}`);
    expect(rows[0]).toMatch(/^2\.4\.1-bad rollback /);
    expect(rows).toContain('2.4.1-bad deploy install succeeded');
    expect(rows).toContain('2.4.0 deploy install succeeded');
    expect(h.entries.map((e) => e.at)).toEqual(
      [...h.entries.map((e) => e.at)].sort((a, b) => b - a),
    );
    // Asked again (finished journals come from the index built the first time): the same.
    expect(await app.getHostHistory({ host: seeded.canaryHost })).toEqual(h);
  });
});
