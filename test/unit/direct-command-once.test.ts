/**
 * The CLI's way into an idle journal: a command runs at most once per id (the journal
 * carries the id), and never after its deadline.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import { acceptedCommandIds, stampCommand } from '../../src-main/core/commands';
import {
  STATE_FORMAT,
  encodeState,
  parseRolloutEvent,
  replay,
  type RolloutEvent,
} from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { applyDirect } from '../../src-main/runtime/direct-command';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-direct-'));
  const h = new Harness(T0);
  h.must({ type: 'create', plan: buildPlan([{ name: 'canary', domains: [2] }]), by: 'alice' });
  h.must({ type: 'start', by: 'alice' });
  const opened = await openJournal<RolloutEvent>(dir);
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(h.journal);
  await opened.journal.close();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function events(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, 'journal.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { event: Record<string, unknown> }).event);
}

/** bob's note, stamped with a fresh id at T0. */
function stampedNote(text: string) {
  return { kind: 'addNote', by: 'bob', text, stamp: stampCommand(randomUUID(), T0) } as const;
}

describe('applyDirect', () => {
  it('journals a note once when the same command arrives twice', async () => {
    const now = () => T0 + 1_000;
    const note = stampedNote('checked the canary');
    expect(await applyDirect(dir, note, now)).toMatchObject({ kind: 'accepted' });
    expect(await applyDirect(dir, note, now)).toEqual({ kind: 'accepted', events: [] });
    expect((await events()).filter((e) => e.type === 'OperatorNote')).toEqual([
      expect.objectContaining({ text: 'checked the canary', commandId: note.stamp.id }),
    ]);
  });

  it('refuses a command past its deadline and journals nothing', async () => {
    const pause = {
      kind: 'pause',
      by: 'bob',
      reason: 'typed long ago',
      stamp: stampCommand(randomUUID(), T0),
    } as const;
    expect(await applyDirect(dir, pause, () => T0 + 40_000)).toEqual({
      kind: 'refused',
      reason: 'expired: issued at 09:00:00 UTC, deadline passed 10 s ago; nothing was done',
    });
    expect((await events()).some((e) => e.type === 'Paused')).toBe(false);
  });
  it('reads an idle journal from its checkpoint, and still knows a command carried out before it', async () => {
    const now = () => T0 + 1_000;
    const note = stampedNote('checked the canary');
    expect(await applyDirect(dir, note, now)).toMatchObject({ kind: 'accepted' });
    // A checkpoint at the end, as a driver leaves one when it stops.
    const opened = await openJournal<RolloutEvent>(dir, { parseEvent: parseRolloutEvent });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    const loaded = [...opened.journal.loadedEvents()];
    opened.journal.checkpoint(replay(loaded), STATE_FORMAT, encodeState, [
      ...acceptedCommandIds(loaded),
    ]);
    await opened.journal.close();
    // A same-length edit of the first record: read from the first record, the journal is
    // refused; read from the checkpoint, it is not read at all.
    const file = join(dir, 'journal.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"by":"alice"', '"by":"alicf"'));
    expect(await applyDirect(dir, note, now)).toEqual({ kind: 'accepted', events: [] });
    const other = stampedNote('and the early ring');
    expect(await applyDirect(dir, other, now)).toMatchObject({ kind: 'accepted' });
    expect((await events()).filter((e) => e.type === 'OperatorNote').length).toBe(2);
  });
});
