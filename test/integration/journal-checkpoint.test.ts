/**
 * Journal checkpoints (issue: "opening a 1M-event journal reads the snapshot and the tail").
 * Reported: replaying a journal of 1,000,000 events took 3.99 s, every open, because every
 * reader replayed from the first record. A checkpoint beside the journal holds the state at a
 * known record; readers start there, and `verify` replays everything and checks it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../../src-main/adapters/journal';
import { checkpointPath } from '../../src-main/adapters/journal/checkpoint';
import { holdSecret } from '../../src-main/adapters/secrets/held-secrets';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import {
  STATE_FORMAT,
  decodeState,
  encodeState,
  parseRolloutEvent,
  replay,
  type RolloutEvent,
} from '../../src-main/core/rollout';
import { loadRolloutState } from '../../src-main/runtime/load-rollout-state';
import { runCliCaptured } from '../helpers/cli-io';
import { acceptedCommandIds } from '../../src-main/core/commands';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await rm(d, { recursive: true, force: true });
  }
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'ringside-checkpoint-'));
  dirs.push(d);
  return d;
}

async function open(dir: string): Promise<Journal<RolloutEvent>> {
  const o = await openJournal<RolloutEvent>(dir, { parseEvent: parseRolloutEvent });
  if (!o.ok) {
    throw new Error(o.error.message);
  }
  return o.journal;
}

/** A whole rollout of three rings, a failing host in the second: its events in order. */
function rolloutEvents(failHost = 'r1-d0-h1', tail = 'ok'): RolloutEvent[] {
  const h = new Harness();
  h.must({
    type: 'create',
    plan: buildPlan([
      { domains: [2] },
      { domains: [2, 2], maxFailedHosts: 1, maxFailedHostsPerDomain: 1 },
      { domains: [3] },
    ]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  for (let ring = 0; ring < 3; ring++) {
    h.settle((host) => (host === failHost ? 1 : 0));
    h.now += 120_000;
    h.run({ type: 'tick' } as never);
    h.passGates();
    h.run({ type: 'promote', by: 'alice', override: { reason: `${tail} noise` } });
  }
  return h.journal;
}

/** Appends `events` in batches, asking for a checkpoint after the batches `at` names. */
async function writeJournal(dir: string, events: RolloutEvent[], at: number[]): Promise<void> {
  const j = await open(dir);
  let state = replay([]);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as RolloutEvent;
    await j.append([e]);
    state = replay(events.slice(0, i + 1));
    if (at.includes(i + 1)) {
      j.checkpoint(state, STATE_FORMAT, encodeState, [
        ...acceptedCommandIds(events.slice(0, i + 1)),
      ]);
    }
  }
  await j.close();
}

describe('journal checkpoints', () => {
  it('a reader starts at the checkpoint: records before it are not read again', async () => {
    const dir = await tempDir();
    const events = rolloutEvents();
    const cut = Math.floor(events.length / 2);
    await writeJournal(dir, events, [cut]);
    const file = path.join(dir, 'journal.jsonl');
    const loaded = await loadRolloutState(dir, 3);
    expect(loaded.ok && loaded.checkpointSeq).toBe(cut);
    expect(loaded.ok && loaded.state).toEqual(replay(events));
    expect(loaded.ok && loaded.recent.map((r) => r.seq)).toEqual([
      events.length - 2,
      events.length - 1,
      events.length,
    ]);
    // Damage a record before the checkpoint (same length, so offsets hold): the reader does not see it, verify does.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"by":"alice"', '"by":"eve99"');
    writeFileSync(file, lines.join('\n'));
    const again = await loadRolloutState(dir);
    expect(again.ok && again.state).toEqual(replay(events));
    const v = await runCliCaptured(['verify', dir]);
    expect(v.code).toBe(2);
    expect(v.err.join('\n')).toMatch(/journal\.jsonl:2: /);
  });

  it('status and verify on a checkpointed journal; verify finds a snapshot that lies', async () => {
    const dir = await tempDir();
    const events = rolloutEvents();
    await writeJournal(dir, events, [events.length]);
    const ok = await runCliCaptured(['verify', dir]);
    expect(ok.code, ok.err.join('\n')).toBe(0);
    expect(ok.out).toContain(`checkpoint at seq ${events.length} matches the replayed state`);
    const status = await runCliCaptured(['status', dir, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out.join('\n'))).toMatchObject({ status: 'completed' });
    // A snapshot edited by hand (a failed host made "done"): verify names the field.
    const cp = checkpointPath(path.join(dir, 'journal.jsonl'));
    const [header, body] = readFileSync(cp, 'utf8').split('\n');
    const state = decodeState(body ?? '')!;
    expect(state.hosts['r1-d0-h1']?.status).toBe('failed');
    (state.hosts['r1-d0-h1'] as { status: string }).status = 'done';
    writeFileSync(cp, `${header}\n${encodeState(state)}\n`);
    const bad = await runCliCaptured(['verify', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain(
      `checkpoint at seq ${events.length} does not match the state replayed from the journal (first difference: hosts.r1-d0-h1.status)`,
    );
  });

  it('a checkpoint that does not name the record at its offset, or another format, is ignored with a reason', async () => {
    const dir = await tempDir();
    const events = rolloutEvents();
    await writeJournal(dir, events, [10]);
    const cp = checkpointPath(path.join(dir, 'journal.jsonl'));
    const [header, body] = readFileSync(cp, 'utf8').split('\n');
    const h = JSON.parse(header ?? '') as { offset: number; stateFormat: string };
    writeFileSync(cp, `${JSON.stringify({ ...h, offset: h.offset - 1 })}\n${body}\n`);
    const moved = await loadRolloutState(dir);
    expect(moved.ok && moved.checkpointSeq).toBe(null);
    expect(moved.ok && moved.state).toEqual(replay(events));
    expect(moved.ok && moved.warnings.join('\n')).toMatch(/checkpoint ignored .*no record 10/);
    writeFileSync(cp, `${JSON.stringify({ ...h, stateFormat: 'rollout-state/0' })}\n${body}\n`);
    const other = await loadRolloutState(dir);
    expect(other.ok && other.warnings.join('\n')).toContain(
      `written for state format rollout-state/0, this version reads ${STATE_FORMAT}`,
    );
  });

  it('any checkpoint position gives the state a full replay gives (fast-check)', async () => {
    const events = rolloutEvents();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: events.length }), { maxLength: 3 }),
        fc.integer({ min: 0, max: 5 }),
        async (at, recent) => {
          const dir = await tempDir();
          await writeJournal(dir, events, at);
          const loaded = await loadRolloutState(dir, recent);
          expect(loaded.ok).toBe(true);
          if (loaded.ok) {
            expect(loaded.state).toEqual(replay(events));
            expect(loaded.checkpointSeq).toBe(at.length > 0 ? Math.max(...at) : null);
            expect(loaded.recent.map((r) => r.event)).toEqual(events.slice(events.length - recent));
          }
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a held secret in the state never reaches the checkpoint file', async () => {
    const dir = await tempDir();
    const secret = 'tok-3f9a1c77e2';
    holdSecret(secret);
    const events = rolloutEvents('r1-d0-h1', `leaked ${secret}`);
    await writeJournal(dir, events, [events.length]);
    const text = readFileSync(checkpointPath(path.join(dir, 'journal.jsonl')), 'utf8');
    expect(text).not.toContain(secret);
    expect(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')).not.toContain(secret);
  });
});
