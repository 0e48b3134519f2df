/**
 * The tail checked on a second thread (adapters/journal/tail-check.ts) is an accelerator:
 * a scan given it must return exactly what the ordinary scan returns — the same records,
 * the same end, the same warnings and the same words for damage — on generated journals
 * with torn tails, flipped bytes, lines in another valid layout, events the parser refuses
 * and head anchors before, inside and past the tail.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeRecord,
  GENESIS_HASH,
  headAnchorPath,
  scanJournal,
  type JournalEvent,
  type JournalRecord,
  type JournalScanResult,
} from '../../src-main/adapters/journal';
import { startTailCheck, type TailStart } from '../../src-main/adapters/journal/tail-check';

const dir = mkdtempSync(join(tmpdir(), 'ringside-tail-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How one record is written: the writer's layout, keys reordered (still valid), or no type. */
type Layout = 'canonical' | 'reordered' | 'untyped';

interface Built {
  readonly bytes: Buffer;
  /** Per record (index seq - 1): its hash and the byte just past its newline. */
  readonly ends: { readonly hash: string; readonly offset: number }[];
}

function build(notes: readonly string[], layouts: readonly Layout[]): Built {
  let prev = GENESIS_HASH;
  let offset = 0;
  const lines: string[] = [];
  const ends: { hash: string; offset: number }[] = [];
  notes.forEach((note, i) => {
    const seq = i + 1;
    const layout = layouts[i] ?? 'canonical';
    const event =
      layout === 'untyped' ? { note } : { type: 'HostStepSucceeded', host: `h${seq}`, note };
    let line: string;
    let hash: string;
    if (layout === 'reordered') {
      const body = `{"prev":"${prev}","seq":${seq},"event":${JSON.stringify(event)}`;
      hash = createHash('sha256').update(body).digest('hex');
      line = `${body},"hash":"${hash}"}\n`;
    } else {
      const r = encodeRecord(seq, prev, event as JournalEvent);
      line = r.line;
      hash = r.record.hash;
    }
    lines.push(line);
    offset += Buffer.byteLength(line);
    ends.push({ hash, offset });
    prev = hash;
  });
  return { bytes: Buffer.from(lines.join('')), ends };
}

async function scan(
  file: string,
  from: TailStart,
  threaded: boolean,
): Promise<{ result: JournalScanResult; records: JournalRecord[]; used: number }> {
  const records: JournalRecord[] = [];
  const check = threaded ? startTailCheck(file, from, 0) : null;
  const used = check ? ((await check.result)?.count ?? -1) : 0;
  const result = await scanJournal(file, (r) => records.push(r), {
    from,
    ...(check ? { checkedTail: check } : {}),
  });
  return { result, records, used };
}

const note = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('naïve ✓', 'line\nbreak', 'quote " and \\ slash', '\u2028', '😀'),
);

describe('the tail checked on a second thread', () => {
  it('scans to exactly what the ordinary scan gives, damage and anchors included', async () => {
    let threadedRecords = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(note, { minLength: 2, maxLength: 24 }),
        // Mostly healthy: the second thread matters on long clean stretches.
        fc.array(
          fc.constantFrom<Layout>(...Array<Layout>(12).fill('canonical'), 'reordered', 'untyped'),
          { maxLength: 24 },
        ),
        fc.nat(),
        fc.option(fc.record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }), { freq: 1 }),
        fc.option(fc.nat(), { freq: 1 }),
        fc.option(fc.record({ seq: fc.nat(), wrong: fc.boolean() }), { freq: 2 }),
        async (notes, layouts, startPick, flip, cutPick, anchorPick) => {
          const { bytes, ends } = build(notes, layouts);
          const startSeq = 1 + (startPick % (notes.length - 1));
          const first = ends[startSeq - 1]!;
          const from: TailStart = { seq: startSeq, hash: first.hash, offset: first.offset };
          let text = Buffer.from(bytes);
          if (flip) {
            const at = first.offset + (flip.at % (text.length - first.offset));
            text[at] = (text[at] ?? 0) ^ flip.mask;
          }
          if (cutPick !== null) {
            text = text.subarray(0, first.offset + (cutPick % (text.length - first.offset + 1)));
          }
          const file = join(dir, 'journal.jsonl');
          writeFileSync(file, text);
          rmSync(headAnchorPath(file), { force: true });
          if (anchorPick) {
            const seq = anchorPick.seq % (notes.length + 2);
            const hash =
              anchorPick.wrong || seq === 0
                ? 'a'.repeat(64)
                : (ends[seq - 1]?.hash ?? 'b'.repeat(64));
            writeFileSync(headAnchorPath(file), JSON.stringify({ seq, hash }));
          }
          const plain = await scan(file, from, false);
          const threaded = await scan(file, from, true);
          expect(threaded.used).toBeGreaterThanOrEqual(0);
          threadedRecords += threaded.used;
          expect(threaded.result).toEqual(plain.result);
          expect(threaded.records).toEqual(plain.records);
        },
      ),
      { numRuns: 80 },
    );
    // The property means something only if the thread really carried records.
    expect(threadedRecords).toBeGreaterThan(200);
  });

  it('hands over every record of a healthy tail, and nothing of a tail it may not read', async () => {
    const notes = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const { bytes, ends } = build(notes, []);
    const file = join(dir, 'healthy.jsonl');
    writeFileSync(file, bytes);
    const from = { seq: 10, hash: ends[9]!.hash, offset: ends[9]!.offset };
    const all = await startTailCheck(file, from, 0).result;
    expect(all?.count).toBe(40);
    // Too small to be worth a thread at the production threshold.
    expect(await startTailCheck(file, from).result).toBeNull();
    // A file that is gone: no thread result, the ordinary scan says what is wrong.
    expect(await startTailCheck(join(dir, 'missing.jsonl'), from, 0).result).toBeNull();
    // A start hash that is not a hash: nothing checked.
    const odd = await startTailCheck(file, { ...from, hash: 'x"' }, 0).result;
    expect(odd?.count).toBe(0);
  });
});
