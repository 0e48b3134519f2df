/**
 * `ringside status` tells "deploying" (a run holds the journal and drives it) from "waiting
 * for a driver" (the journal says a ring moves on, but no process moves it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import type { RolloutEvent } from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { runCliCaptured } from '../helpers/cli-io';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-driver-'));
  const h = new Harness(Date.UTC(2026, 10, 29, 9, 0, 0));
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [2] },
      { name: 'global', domains: [2] },
    ]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  const opened = await openJournal<RolloutEvent>(dir);
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(h.journal);
  await opened.journal.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ringside status and its driver', () => {
  it('says a ring waits for a driver when no run holds the journal', async () => {
    const run = await runCliCaptured(['status', dir]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'waiting for: a driver: no ringside run holds the journal, so nothing deploys, bakes or rolls back (ringside run PLAN --journal DIR resumes it)',
    );
    expect(run.out.find((l) => l.trimStart().startsWith('canary'))).toMatch(
      /^ {2}canary +waiting for a driver \(deploying\) /,
    );
  });

  it('says deploying while a process holds the journal', async () => {
    const held = await openJournal<RolloutEvent>(dir);
    if (!held.ok) {
      throw new Error(held.error.message);
    }
    try {
      const run = await runCliCaptured(['status', dir]);
      expect(run.out.find((l) => l.trimStart().startsWith('canary'))).toMatch(
        /^ {2}canary +deploying +0\/2 done/,
      );
      expect(run.out.join('\n')).not.toMatch(/waiting for a driver/);
    } finally {
      await held.journal.close();
    }
  });
});
