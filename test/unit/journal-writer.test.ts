import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expectPlanHash,
  loadJournal,
  openJournal,
  type Journal,
  type JournalEvent,
} from '../../src-main/adapters/journal';

type Ev =
  | { readonly type: 'RolloutCreated'; readonly plan: { readonly planHash: string } }
  | { readonly type: 'HostStepStarted'; readonly host: string; readonly n: number };

let dir = '';
let file = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-journal-'));
  file = join(dir, 'journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(path = dir, planHash?: string): Promise<Journal<Ev>> {
  const opened = await openJournal<Ev>(
    path,
    planHash === undefined ? {} : { expectPlanHash: planHash },
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  return opened.journal;
}

const step = (n: number): Ev => ({ type: 'HostStepStarted', host: `h${n}`, n });

describe('openJournal / append', () => {
  it('round-trips: appended records load back identically, and a reopen continues the chain', async () => {
    const j = await open();
    const first = await j.append([{ type: 'RolloutCreated', plan: { planHash: 'p1' } }, step(1)]);
    expect(first.map((r) => r.seq)).toEqual([1, 2]);
    expect(j.lastSeq).toBe(2);
    await j.close();

    const again = await open(file, 'p1');
    expect(again.loadedRecords).toEqual(first);
    expect([...again.loadedEvents()]).toEqual(first.map((r) => r.event));
    const more = await again.append([step(2)]);
    expect(more[0]?.seq).toBe(3);
    expect(more[0]?.prev).toBe(first[1]?.hash);
    await again.close();

    const loaded = await loadJournal<Ev>(file);
    expect(loaded.ok && loaded.records).toEqual([...first, ...more]);
  });

  it('keeps call order under concurrent appends and shares fsyncs (group commit)', async () => {
    const j = await open();
    const calls = Array.from({ length: 200 }, (_, i) => j.append([step(2 * i), step(2 * i + 1)]));
    const results = await Promise.all(calls);
    expect(j.syncs).toBeLessThan(10);
    // Each call got consecutive seqs, in call order.
    results.forEach((records, i) => {
      expect(records.map((r) => r.seq)).toEqual([2 * i + 1, 2 * i + 2]);
      expect(records.map((r) => r.event)).toEqual([step(2 * i), step(2 * i + 1)]);
    });
    // Appended records are not kept in memory; the file holds them, in call order.
    expect(j.loadedRecords).toEqual([]);
    await j.close();
    const loaded = await loadJournal<Ev>(file);
    expect(loaded.ok && loaded.lastSeq).toBe(400);
    expect(
      loaded.ok && loaded.records.map((r) => (r.event.type === 'HostStepStarted' ? r.event.n : -1)),
    ).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('truncates a torn last line away (with a warning) and appends after it', async () => {
    const j = await open();
    await j.append([step(1), step(2)]);
    await j.close();
    const goodBytes = (await stat(file)).size;
    await appendFile(file, '{"seq":3,"prev":"abc');

    const again = await open();
    expect(again.warnings).toEqual([
      `${file}:3: torn last line dropped (20 bytes without a trailing newline)`,
    ]);
    expect((await stat(file)).size).toBe(goodBytes);
    await again.append([step(3)]);
    await again.close();
    const loaded = await loadJournal<Ev>(file);
    expect(loaded.ok && loaded.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(loaded.ok && loaded.warnings).toEqual([]);
  });

  it('refuses a damaged journal with its line number and leaves the file and lock alone', async () => {
    const j = await open();
    await j.append([step(1), step(2), step(3)]);
    await j.close();
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"host":"h2"', '"host":"hh"'));
    const opened = await openJournal<Ev>(dir);
    expect(!opened.ok && opened.error).toMatchObject({ kind: 'damaged', line: 2 });
    expect(await readFile(file, 'utf8')).toBe(text.replace('"host":"h2"', '"host":"hh"'));
    // The failed open released its lock: a fresh journal in the same dir is not blocked by it.
    await expect(stat(join(dir, 'journal.lock'))).rejects.toThrow();
  });

  it('refuses a journal from a different plan, naming both hashes', async () => {
    const j = await open(dir, 'aaa111');
    await j.append([{ type: 'RolloutCreated', plan: { planHash: 'aaa111' } }]);
    await j.close();
    const opened = await openJournal<Ev>(dir, { expectPlanHash: 'bbb222' });
    expect(!opened.ok && opened.error.kind).toBe('plan-mismatch');
    expect(!opened.ok && opened.error.message).toBe(
      `journal ${file} belongs to plan aaa111, not to this plan bbb222; use a new journal for a changed plan`,
    );
    expect(
      expectPlanHash(
        [{ seq: 1, prev: '', hash: '', event: { type: 'X', planHash: 'q' } as JournalEvent }],
        'q',
      ),
    ).toEqual({ ok: true });
  });

  it('refuses a second writer in the same process, naming the holder', async () => {
    const j = await open();
    const second = await openJournal<Ev>(dir);
    expect(!second.ok && second.error.kind).toBe('locked');
    expect(!second.ok && second.error.message).toMatch(
      new RegExp(
        `^journal ${file} is locked by pid ${process.pid} on host ${hostname()} since \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    await j.close();
    const third = await open();
    await third.close();
  });

  it('rejects an append holding an event that is not JSON, writing none of it', async () => {
    const j = await open();
    await j.append([step(1)]);
    const bad = { type: 'HostStepStarted', host: 'h', n: 1n } as unknown as Ev;
    await expect(j.append([step(2), bad])).rejects.toThrow(
      /event 2 of 2 \(type HostStepStarted\) cannot be written as JSON .*nothing of this append was written/,
    );
    const [next] = await j.append([step(3)]);
    expect(next?.seq).toBe(2);
    await j.close();
    const loaded = await loadJournal<Ev>(file);
    expect(loaded.ok && loaded.records.map((r) => r.event)).toEqual([step(1), step(3)]);
  });

  it('rejects appends after close', async () => {
    const j = await open();
    await j.close();
    await expect(j.append([step(1)])).rejects.toThrow(/append after close/);
  });
});
