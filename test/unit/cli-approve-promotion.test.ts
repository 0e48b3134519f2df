/**
 * `ringside approve-promotion` on a local journal (the person is --by): the same person
 * twice is refused, promote alone is refused with the count, status and the timeline say
 * what is still missing in words, and the second person's approval promotes the ring.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import { parseRolloutEvent, replay, type RolloutEvent } from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { runCliCaptured } from '../helpers/cli-io';
import { settledOutcome } from '../../src-main/runtime/outcome';
import { outcomeLine } from '../../src-main/cli/verb-run';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

/** A journal directory whose canary (approvals: 2) baked healthy and waits. */
async function waitingJournal(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-approvals-'));
  dirs.push(dir);
  const h = new Harness(Date.now() - 600_000);
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000, approvals: 2 },
      { name: 'broad', domains: [2], bakeMs: 0 },
    ]),
    by: 'lead',
  });
  h.must({ type: 'start', by: 'lead' });
  h.settle();
  h.passGates();
  h.now = h.state.rings[0]?.bakeEndsAt ?? 0;
  h.must({ type: 'tick' });
  const opened = await openJournal<RolloutEvent>(dir, { parseEvent: parseRolloutEvent });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(h.journal);
  await opened.journal.close();
  return dir;
}

const cli = (argv: string[]) => runCliCaptured(argv, { env: { USER: 'mallory' } });
const clock = String.raw`\d\d:\d\d:\d\d UTC`;

describe('ringside approve-promotion on a local journal', () => {
  it('alice, alice again (refused), promote (refused), bob: promoted; status and timeline say it in words', async () => {
    const dir = await waitingJournal();
    const first = await cli(['approve-promotion', dir, '--by', 'alice', '--ring', 'canary']);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(first.out).toEqual([`approve-promotion: accepted (journaled in ${dir}/journal.jsonl)`]);

    const again = await cli(['approve-promotion', dir, '--by', 'alice']);
    expect(again.code).toBe(2);
    expect(again.err).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ringside approve-promotion: refused: alice already approved the promotion of ring canary \\(alice at ${clock}\\); the next approval must come from someone else$`,
        ),
      ),
    ]);
    const promote = await cli(['promote', dir, '--by', 'carol']);
    expect(promote.code).toBe(2);
    expect(promote.err).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ringside promote: refused: cannot promote ring canary: it needs 2 approvals, has 1 \\(alice at ${clock}\\); each approver runs: ringside approve-promotion JOURNAL$`,
        ),
      ),
    ]);
    const status = await cli(['status', dir]);
    expect(status.out).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^waiting for: promotion of ring canary: waiting for 1 more approval \\(approved: alice at ${clock}\\)$`,
        ),
      ),
    );
    expect(status.out).toContainEqual(
      expect.stringMatching(new RegExp(`; approvals 1 of 2: alice at ${clock}$`)),
    );

    const second = await cli(['approve-promotion', dir, '--by', 'bob']);
    expect(second).toMatchObject({ code: 0, err: [] });
    const timeline = await cli(['timeline', dir]);
    const text = timeline.out.join('\n');
    expect(text).toContain(
      'alice approved the promotion of ring canary: 1 of 2 approvals, waiting for 1 more approval.',
    );
    expect(text).toContain('Ring canary promoted; ring broad is next. Approved by alice, bob.');
  });

  it('--override without --reason is a usage error', async () => {
    const dir = await waitingJournal();
    const r = await cli(['approve-promotion', dir, '--by', 'alice', '--override']);
    expect(r).toMatchObject({
      code: 2,
      err: ['ringside approve-promotion: --override needs --reason TEXT (it is journaled)'],
    });
  });
});

describe('--by on a team journal', () => {
  const url = 'postgres://bob@127.0.0.1:1/ringside?rollout=r';
  const words = (verb: string) =>
    `${verb}: --by names the person on a local journal only; on a team journal (postgres://…) you are your database login (the URL's user, or PGUSER): drop --by`;

  it('is refused with one line by run, promote, approve-promotion and takeover, before connecting', async () => {
    const demo = path.resolve(__dirname, '../../examples/demo.yaml');
    const cases: [string[], string][] = [
      [['run', demo, '--sim', '--journal', url, '--by', 'alice'], 'ringside run'],
      [['promote', url, '--by', 'alice'], 'ringside promote'],
      [['approve-promotion', url, '--by', 'alice'], 'ringside approve-promotion'],
      [['takeover', url, '--reason', 'asleep', '--by', 'alice'], 'ringside takeover'],
    ];
    for (const [argv, verb] of cases) {
      const r = await cli(argv);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 2, err: [words(verb)] });
    }
  });
});

describe('ringside run stopping at a ring that asks for approvals', () => {
  it('ends with the approvals still missing and the command approvers run', async () => {
    const dir = await waitingJournal();
    const opened = await openJournal<RolloutEvent>(dir, { parseEvent: parseRolloutEvent });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    const state = replay(opened.journal.loadedEvents());
    await opened.journal.close();
    const outcome = settledOutcome(state, { until: 'end', autoPromote: false }, 0, Date.now());
    expect(outcome).toEqual({
      kind: 'waiting-promotion',
      ring: 'canary',
      why: null,
      approvalsMissing: 2,
    });
    expect(outcome && outcomeLine(outcome, dir)).toEqual({
      code: 3,
      line: `waiting for promotion of ring canary: waiting for 2 more approvals; each approver runs: ringside approve-promotion ${dir}`,
    });
  });
});
