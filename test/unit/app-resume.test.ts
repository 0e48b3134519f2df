/**
 * "A crash loses nothing", through the facade on the real engine and simulated fleet: a
 * rollout closed mid-ring (the engine aborts its running steps without journaling their
 * end, as a crash would) is picked up again when the console reopens the same workspace
 * with the same journal root — hosts whose step was cut are in doubt and settled — and it
 * runs to the end. The demo's new fleet is put back on the versions the journal records.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRingsideApp, noTelemetry, type RingsideApp } from '../../src-main/app';
import { simVersionsFromJournal } from '../../src-main/app/demo-restore';
import { findUnfinishedRollout } from '../../src-main/app/journal-resume';
import { readWorkspaceHistory } from '../../src-main/app/rollout-history';
import type { ConsoleSnapshot } from '../../src-main/core/contract';
import { parseRolloutEvent, type RolloutEvent } from '../../src-main/core/rollout';
import { loadJournal } from '../../src-main/adapters/journal';

const dir = mkdtempSync(join(tmpdir(), 'ringside-resume-'));
const journalRoot = join(dir, 'journals');
const opened: RingsideApp[] = [];
const logs: string[] = [];

afterAll(async () => {
  for (const app of opened) {
    await app.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The demo with 1 s bakes and no telemetry (gates stay inconclusive: promotion by override). */
async function openConsole(): Promise<RingsideApp> {
  const app = await createRingsideApp({
    workspace: { demo: true },
    journalRoot,
    bakeMs: 1000,
    telemetry: noTelemetry,
    demo: { latencyScale: 0.3 },
    log: (line) => logs.push(line),
  });
  opened.push(app);
  return app;
}

async function until(
  app: RingsideApp,
  what: string,
  ok: (s: ConsoleSnapshot) => boolean,
  onEach?: (s: ConsoleSnapshot) => Promise<void>,
): Promise<ConsoleSnapshot> {
  for (let i = 0; i < 1200; i++) {
    const s = await app.getSnapshot();
    if (ok(s)) {
      return s;
    }
    await onEach?.(s);
    await new Promise((r) => setTimeout(r, 50));
  }
  const s = await app.getSnapshot();
  throw new Error(`timed out waiting for ${what}; rollout is ${s.rollout.status}`);
}

const doneIn = (s: ConsoleSnapshot, ring: string) =>
  s.hosts.filter((h) => h.ring === ring && h.state === 'done').length;

describe('a console restart resumes the unfinished rollout', () => {
  let before: readonly RolloutEvent[] = [];
  let journalPath = '';

  it('closes a console mid-ring', async () => {
    const app = await openConsole();
    await app.start({ release: '2.4.0' });
    // Cut the canary while one host is done and another is between its steps.
    await until(
      app,
      'a canary host done and another deploying',
      (s) => doneIn(s, 'canary') >= 1 && s.hosts.some((h) => h.state === 'deploying'),
    );
    await app.close();
    const found = await findUnfinishedRollout(
      (
        await readWorkspaceHistory(
          journalRoot,
          (plan) => plan,
          () => {},
        )
      ).rollouts,
      () => {},
    );
    expect(found?.state.status).toBe('running');
    before = found?.events ?? [];
    journalPath = found?.journalPath ?? '';
    expect(before.some((e) => e.type === 'HostStepSucceeded')).toBe(true);
  });

  it('puts the simulated hosts back on the versions the journal records', () => {
    const created = before[0];
    if (created?.type !== 'RolloutCreated') {
      throw new Error('the journal does not start with RolloutCreated');
    }
    const versions = simVersionsFromJournal(created.plan, before);
    const installed = new Set(
      before.flatMap((e) =>
        e.type === 'HostStepSucceeded' && e.step === 'install' ? [e.host] : [],
      ),
    );
    expect(installed.size).toBeGreaterThan(0);
    for (const [host, version] of versions) {
      expect(version).toBe(installed.has(host) ? '2.4.0' : '2.3.9');
    }
  });

  it('reopens the workspace on that rollout, settles the cut steps and runs it to the end', async () => {
    const app = await openConsole();
    const resumed = await app.getSnapshot();
    expect(resumed.workspace?.release.version).toBe('2.4.0');
    expect(resumed.rollout.status).not.toBe('notStarted');
    expect(resumed.timeline.length).toBeGreaterThanOrEqual(before.length > 2000 ? 2000 : 1);
    expect(logs.some((l) => l.startsWith('resumed the deploying rollout of web 2.4.0'))).toBe(true);

    const done = await until(
      app,
      'the rollout to complete',
      (s) => s.rollout.status === 'done',
      async (s) => {
        if (s.rollout.status === 'waitingPromotion') {
          await app.promote({ override: { reason: 'no telemetry in this test' } }).catch(() => {});
        }
      },
    );
    expect(done.hosts.every((h) => h.state === 'done' && h.version === '2.4.0')).toBe(true);

    // The cut steps: every step journaled as started before the restart without an end was
    // found in doubt by the recovery, and every host finished all the same.
    const loaded = await loadJournal<RolloutEvent>(journalPath, { parseEvent: parseRolloutEvent });
    const after = loaded.ok ? loaded.records.map((r) => r.event) : [];
    expect(after.length).toBeGreaterThan(before.length);
    const inDoubt = after.filter((e) => e.type === 'HostInDoubt').map((e) => e.host);
    expect(inDoubt.sort()).toEqual([...openSteps(before)].sort());
    // The restart continued the rollout in its journal rather than starting a new one.
    expect(readdirSync(journalRoot)).toHaveLength(1);
  });
});

/** Hosts with a step journaled as started and never finished. */
function openSteps(events: readonly RolloutEvent[]): Set<string> {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'HostStepStarted') {
      open.add(e.host);
    } else if (e.type === 'HostStepSucceeded' || e.type === 'HostStepFailed') {
      open.delete(e.host);
    }
  }
  return open;
}
