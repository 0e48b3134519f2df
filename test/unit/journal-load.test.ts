import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeRecord,
  GENESIS_HASH,
  loadJournal,
  replayJournal,
  resolveJournalPath,
  type JournalEvent,
} from '../../src-main/adapters/journal';

interface StepEvent extends JournalEvent {
  readonly type: 'HostStepStarted' | 'HostStepSucceeded';
  readonly host: string;
  readonly note?: string;
}

/** Writes a valid journal of `n` events the way the writer would, and returns its lines. */
function journalLines(n: number): string[] {
  const lines: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const event: StepEvent = {
      type: seq % 2 ? 'HostStepStarted' : 'HostStepSucceeded',
      host: `h${seq}`,
    };
    const { record, line } = encodeRecord(seq, prev, event);
    prev = record.hash;
    lines.push(line);
  }
  return lines;
}

let dir = '';
let file = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-journal-'));
  file = join(dir, 'journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadJournal', () => {
  it('loads a valid journal with its records in order, through a directory path too', async () => {
    await writeFile(file, journalLines(5).join(''));
    const loaded = await loadJournal<StepEvent>(dir);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) {
      return;
    }
    expect(loaded.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(loaded.records[0]?.prev).toBe(GENESIS_HASH);
    expect(loaded.records[4]?.event).toEqual({ type: 'HostStepStarted', host: 'h5' });
    expect(loaded.warnings).toEqual([]);
  });

  it('keeps non-ASCII text intact across chunk boundaries', async () => {
    let prev = GENESIS_HASH;
    const lines: string[] = [];
    // ~3 MiB of multi-byte characters: many lines straddle the 1 MiB read chunks.
    for (let seq = 1; seq <= 300; seq += 1) {
      const { record, line } = encodeRecord(seq, prev, {
        type: 'OperatorNote',
        note: 'héllo ✓ 日本 '.repeat(700),
      });
      prev = record.hash;
      lines.push(line);
    }
    await writeFile(file, lines.join(''));
    const loaded = await loadJournal(file);
    expect(loaded.ok && loaded.records.length).toBe(300);
  });

  it('drops a torn last line with a warning naming its line', async () => {
    const lines = journalLines(3);
    const torn = (lines[2] ?? '').slice(0, 40);
    await writeFile(file, lines[0]! + lines[1]! + torn);
    const loaded = await loadJournal(file);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) {
      return;
    }
    expect(loaded.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(loaded.warnings).toEqual([
      `${file}:3: torn last line dropped (40 bytes without a trailing newline)`,
    ]);
    expect(loaded.validBytes).toBe(Buffer.byteLength(lines[0]! + lines[1]!));
  });

  it('stops at bad JSON in the middle with its line number', async () => {
    const lines = journalLines(5);
    lines[2] = '{"seq":3,"prev":\n';
    await writeFile(file, lines.join(''));
    const loaded = await loadJournal(file);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) {
      return;
    }
    expect(loaded.error).toMatchObject({ kind: 'damaged', line: 3 });
    expect(loaded.error.message).toMatch(new RegExp(`^${file}:3: invalid JSON`));
  });

  it('stops at an edited line: hash mismatch on that line', async () => {
    const lines = journalLines(5);
    lines[3] = lines[3]!.replace('"host":"h4"', '"host":"hX"');
    await writeFile(file, lines.join(''));
    const loaded = await loadJournal(file);
    expect(!loaded.ok && loaded.error.message).toBe(
      `${file}:4: hash mismatch: the record was edited or damaged after it was written`,
    );
  });

  it('stops at a re-hashed edit on the next line: the chain breaks', async () => {
    const lines = journalLines(5);
    const forged = encodeRecord(2, JSON.parse(lines[0]!).hash as string, {
      type: 'HostStepSucceeded',
      host: 'forged',
    });
    lines[1] = forged.line;
    await writeFile(file, lines.join(''));
    const loaded = await loadJournal(file);
    expect(!loaded.ok && loaded.error).toMatchObject({ kind: 'damaged', line: 3 });
    expect(!loaded.ok && loaded.error.message).toContain('broken hash chain');
  });

  it('stops at a sequence gap', async () => {
    const lines = journalLines(5);
    lines.splice(2, 1);
    await writeFile(file, lines.join(''));
    const loaded = await loadJournal(file);
    expect(!loaded.ok && loaded.error.message).toBe(
      `${file}:3: sequence gap: expected seq 3, found 4`,
    );
  });

  it('stops at an empty line and at a record with no event type', async () => {
    const lines = journalLines(3);
    await writeFile(file, lines[0]! + '\n' + lines[1]!);
    const empty = await loadJournal(file);
    expect(!empty.ok && empty.error.message).toBe(
      `${file}:2: empty line (expected a journal record)`,
    );

    const bad = encodeRecord(2, JSON.parse(lines[0]!).hash as string, { type: '' });
    await writeFile(file, lines[0]! + bad.line);
    const untyped = await loadJournal(file);
    expect(!untyped.ok && untyped.error.message).toContain(
      `${file}:2: expected "event" to have a non-empty string "type"`,
    );
  });

  it('reports a missing file as unreadable, not as damage', async () => {
    const loaded = await loadJournal(join(dir, 'nope.jsonl'));
    expect(!loaded.ok && loaded.error.kind).toBe('unreadable');
  });

  it('replays with a reducer without collecting records', async () => {
    await writeFile(file, journalLines(101).join(''));
    await appendFile(file, '{"seq":10'); // torn tail is ignored by replay as well
    const replayed = await replayJournal<StepEvent, number>(
      file,
      (n, e) => (e.type === 'HostStepStarted' ? n + 1 : n),
      0,
    );
    expect(replayed.ok && replayed.state).toBe(51);
    expect(replayed.ok && replayed.warnings.length).toBe(1);
    expect(await readFile(file, 'utf8')).toContain('{"seq":10');
  });
});

describe('resolveJournalPath', () => {
  it('maps a directory to journal.jsonl + journal.lock and a file to NAME.lock', () => {
    expect(resolveJournalPath(dir)).toEqual({
      file: join(dir, 'journal.jsonl'),
      lock: join(dir, 'journal.lock'),
      dir,
    });
    expect(resolveJournalPath(join(dir, 'new-run'))).toMatchObject({
      file: join(dir, 'new-run', 'journal.jsonl'),
    });
    expect(resolveJournalPath(join(dir, 'r1.jsonl'))).toEqual({
      file: join(dir, 'r1.jsonl'),
      lock: join(dir, 'r1.lock'),
      dir,
    });
  });
});
