import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecord, GENESIS_HASH, loadJournal } from '../../src-main/adapters/journal';

/** A valid journal of `n` small, varied events, and the byte offset where each line starts. */
function journal(n: number): { bytes: Buffer; starts: number[] } {
  let prev = GENESIS_HASH;
  const lines: string[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    const { record, line } = encodeRecord(seq, prev, {
      type: 'HostStepSucceeded',
      host: `h${seq}`,
      note: seq % 3 === 0 ? 'naïve ✓' : 'ok',
    });
    prev = record.hash;
    lines.push(line);
  }
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += Buffer.byteLength(l);
  }
  return { bytes: Buffer.from(lines.join('')), starts };
}

/** 1-based line holding byte `offset`. */
function lineOf(starts: number[], offset: number): number {
  let line = 0;
  while (line < starts.length && (starts[line] ?? Infinity) <= offset) {
    line += 1;
  }
  return line;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-journal-prop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journal damage (property)', () => {
  it('any prefix of a journal loads: every complete line kept, a partial tail dropped with a warning', async () => {
    const { bytes, starts } = journal(12);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
        const file = join(dir, 'prefix.jsonl');
        await writeFile(file, bytes.subarray(0, cut));
        const loaded = await loadJournal(file);
        expect(loaded.ok).toBe(true);
        if (!loaded.ok) {
          return;
        }
        const complete = starts.filter(
          (s, i) => (starts[i + 1] ?? bytes.length) <= cut && s < cut,
        ).length;
        expect(loaded.lastSeq).toBe(complete);
        const torn = cut > (starts[complete] ?? bytes.length) ? 1 : 0;
        expect(loaded.warnings.length).toBe(cut === bytes.length ? 0 : torn);
      }),
      { numRuns: 150 },
    );
  });

  it('any single corrupted byte stops the load at its own line (or tears the final newline)', async () => {
    const { bytes, starts } = journal(12);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (offset, mask) => {
          const damaged = Buffer.from(bytes);
          damaged[offset] = (damaged[offset] ?? 0) ^ mask;
          const file = join(dir, 'flip.jsonl');
          await writeFile(file, damaged);
          const loaded = await loadJournal(file);
          if (offset === bytes.length - 1) {
            // The file's last newline is gone: the last record is now a torn line.
            expect(loaded.ok && loaded.lastSeq).toBe(11);
            return;
          }
          expect(loaded.ok).toBe(false);
          expect(!loaded.ok && loaded.error.kind === 'damaged' && loaded.error.line).toBe(
            lineOf(starts, offset),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
