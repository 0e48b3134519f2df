/**
 * A driver resumes from its journal's checkpoint (issue 12: "opening a 1M-event journal
 * reads the snapshot and the tail"). Measured before: resuming the 1,000,000-event journal
 * read and kept every record — 11.5 s and 951 MB — because the driver's open replayed from
 * the first record whatever the checkpoint said. Through the production wiring (openRollout,
 * the engine, the simulated fleet over SSH): the resumed state is the full replay's, the
 * records before the checkpoint are not read again, a command carried out before the
 * checkpoint is still answered as done (never run twice), and a checkpoint from before
 * this change (no carried commands) or for another plan sends the driver back to the first
 * record, with the usual refusal for a changed plan.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointPath } from '../../src-main/adapters/journal/checkpoint';
import { stampCommand } from '../../src-main/core/commands';
import { buildPlan } from '../../src-main/core/rollout/fixtures';
import { loadRolloutEvents } from '../../src-main/runtime/load-rollout-state';
import { openRollout } from '../../src-main/runtime';
import { engineRig, type EngineRig } from './engine-helpers';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const plan = () => buildPlan([{ bakeMs: 60_000, domains: [2, 2] }, { domains: [3] }]);

/** The checkpoint's header, as written beside the rig's journal. */
function header(r: EngineRig): { seq: number; carried?: string[] } {
  const text = readFileSync(checkpointPath(path.join(r.journalDir, 'journal.jsonl')), 'utf8');
  return JSON.parse(text.split('\n')[0] ?? '') as { seq: number; carried?: string[] };
}

/** Runs the first ring into its bake, pauses it with a stamped command, and closes. */
async function runThenStop(r: EngineRig, stampId: string): Promise<void> {
  const engine = await r.open();
  const baking = engine.run({ until: 'end', autoPromote: false });
  for (let i = 0; i < 500 && engine.state().status !== 'baking'; i++) {
    await new Promise((res) => setTimeout(res, 20));
  }
  expect(engine.state().status).toBe('baking');
  const paused = await engine.command(
    { type: 'pause', by: 'alice', reason: 'look first' },
    stampCommand(stampId, Date.now()),
  );
  expect(paused).toEqual({ ok: true });
  await baking;
  await engine.close();
}

describe('a driver resumes from the checkpoint', () => {
  it('reads only the records after it, and still answers a command carried out before it', async () => {
    rig = await engineRig(plan());
    const id = randomUUID();
    await runThenStop(rig, id);
    const cp = header(rig);
    expect(cp.carried).toContain(id);
    const file = path.join(rig.journalDir, 'journal.jsonl');
    const full = await loadRolloutEvents(rig.journalDir);
    expect(full.ok && cp.seq).toBe(full.ok && full.events.length);
    // A same-length edit of a record before the checkpoint: a driver reading from the first
    // record refuses the journal (the chain breaks); one reading from the checkpoint does not
    // read it (ringside verify still finds it).
    const original = readFileSync(file, 'utf8');
    const edited = original.replace('"by":"tester"', '"by":"tested"');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    const engine = await rig.open();
    expect(full.ok && engine.state()).toEqual(full.ok && full.state);
    // The pause, retried with its stamp after the restart: done once, not run again.
    const again = await engine.command(
      { type: 'pause', by: 'alice', reason: 'look first' },
      stampCommand(id, Date.now()),
    );
    expect(again).toEqual({ ok: true });
    await engine.close();
    // Undo the edit (same length, in place) so the whole journal reads again.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"by":"tested"', '"by":"tester"'));
    const after = await loadRolloutEvents(rig.journalDir);
    expect(after.ok).toBe(true);
    expect(after.ok && after.events.filter((e) => e.type === 'Paused').length).toBe(1);
  });

  it('a checkpoint without carried commands, or for another plan, sends the driver to the first record', async () => {
    rig = await engineRig(plan());
    await runThenStop(rig, randomUUID());
    const file = path.join(rig.journalDir, 'journal.jsonl');
    const cpFile = checkpointPath(file);
    const [head, body] = readFileSync(cpFile, 'utf8').split('\n');
    const { carried: _dropped, ...old } = JSON.parse(head ?? '') as Record<string, unknown>;
    writeFileSync(cpFile, `${JSON.stringify(old)}\n${body}\n`);
    // Read from the first record: the same edit as above is refused, naming its line.
    const original = readFileSync(file, 'utf8');
    const edited = original.replace('"by":"tester"', '"by":"tested"');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    const refused = await openRollout({
      plan: rig.rehearsal.plan,
      journalPath: rig.journalDir,
      executor: rig.rehearsal.executor,
      by: 'tester',
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/journal\.jsonl:\d+: hash mismatch/);
    writeFileSync(file, original);
    // Another plan: refused in the usual words, though the checkpoint is a good one.
    writeFileSync(cpFile, `${head}\n${body}\n`);
    const other = { ...buildPlan([{ domains: [5] }]), planHash: 'another-plan-hash' };
    const mismatch = await openRollout({
      plan: other,
      journalPath: rig.journalDir,
      executor: rig.rehearsal.executor,
      by: 'tester',
    });
    expect(mismatch.ok).toBe(false);
    expect(!mismatch.ok && mismatch.error.kind).toBe('plan-mismatch');
    expect(!mismatch.ok && mismatch.error.message).toContain(`not to this plan ${other.planHash}`);
  });
});
