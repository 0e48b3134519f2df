import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJournal, openJournal, readHeadAnchor } from '../../src-main/adapters/journal';
import type { RolloutEvent } from '../../src-main/core/rollout';
import { runCliCaptured } from '../helpers/cli-io';

let dir = '';
const file = () => join(dir, 'journal.jsonl');

const note = (i: number): RolloutEvent => ({
  type: 'OperatorNote',
  at: Date.UTC(2026, 10, 29) + i,
  by: 'alice',
  text: `note ${i}`,
});

/** A journal of five events written by the real writer (two group commits). */
async function writeFive(): Promise<void> {
  const opened = await openJournal<RolloutEvent>(dir);
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append([note(1), note(2), note(3)]);
  await opened.journal.append([note(4), note(5)]);
  await opened.journal.close();
}

function cutLastLines(n: number): void {
  const lines = readFileSync(file(), 'utf8').split('\n').filter(Boolean);
  writeFileSync(
    file(),
    lines
      .slice(0, lines.length - n)
      .map((l) => `${l}\n`)
      .join(''),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-anchor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journal head anchor', () => {
  it('is written after each durable append and names whole records cut off the end', async () => {
    await writeFive();
    const anchor = await readHeadAnchor(file());
    expect(anchor).toMatchObject({ ok: true, anchor: { seq: 5 } });
    cutLastLines(2);
    const loaded = await loadJournal(file());
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error.message).toBe(
      `${file()}: truncated: the journal ends at seq 3 but its head anchor (${join(dir, 'journal.head')}) records seq 5: 2 whole records were cut off the end`,
    );
    const reopened = await openJournal(dir);
    expect(reopened.ok).toBe(false);
  });

  it('makes status exit 2 naming the truncation', async () => {
    await writeFive();
    cutLastLines(1);
    const run = await runCliCaptured(['status', dir]);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(
      /truncated: the journal ends at seq 4 .* 1 whole record was cut off the end/,
    );
  });

  it('says a torn tail was repaired (issue 10 finding 5: it was repaired without a word)', async () => {
    await writeFive();
    appendFileSync(file(), '{"seq":6,"prev":');
    const run = await runCliCaptured(['status', dir]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      `journal: ${file()}:6: torn last line dropped (16 bytes without a trailing newline)`,
    );
  });
});

describe('ringside verify', () => {
  it('prints what it checked for an intact journal', async () => {
    await writeFive();
    const run = await runCliCaptured(['verify', dir]);
    expect(run).toEqual({
      code: 0,
      out: [
        `${file()}: 5 events, hash chain intact, head seq 5`,
        `head anchor ${join(dir, 'journal.head')}: seq 5 matches`,
        'no checkpoint (the next open replays every record)',
        'unsigned (no operator signature on this journal)',
      ],
      err: [],
    });
  });

  it('exits 2 naming a truncation, and the first bad line of an edited journal', async () => {
    await writeFive();
    cutLastLines(2);
    const cut = await runCliCaptured(['verify', dir]);
    expect(cut.code).toBe(2);
    expect(cut.err[0]).toMatch(/^ringside verify: .*truncated: the journal ends at seq 3/);
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('note 2', 'note X'));
    const edited = await runCliCaptured(['verify', dir]);
    expect(edited.code).toBe(2);
    expect(edited.err[0]).toMatch(new RegExp(`^ringside verify: ${file()}:2: `));
  });

  it('opens journals made before anchors and says so; reports a torn tail', async () => {
    await writeFive();
    rmSync(join(dir, 'journal.head'));
    appendFileSync(file(), '{"seq":6,"prev":');
    const run = await runCliCaptured(['verify', dir]);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([
      `${file()}: 5 events, hash chain intact, head seq 5`,
      'no head anchor (journal predates anchors): records cut off the end cannot be detected',
      `repaired on next open: ${file()}:6: torn last line dropped (16 bytes without a trailing newline)`,
      'no checkpoint (the next open replays every record)',
      'unsigned (no operator signature on this journal)',
    ]);
  });
});
