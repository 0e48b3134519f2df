/**
 * Checkpoints: a snapshot of the state a journal's events fold into, beside the journal
 * (`journal.checkpoint` next to `journal.jsonl`), with the seq, hash and byte offset of the
 * record it covers. Opening a long journal then reads the snapshot and replays only the
 * records after it: a 1,000,000-event journal opens in the time of its tail.
 *
 * The file is two lines: a header `{"format","stateFormat","seq","hash","offset","writtenAt"}`
 * and the state as JSON. It is an accelerator, never a source of truth: it is used only when
 * its header names the record that really sits at `offset` in the journal (same seq, same
 * hash) and its state format is the one this version writes; otherwise it is ignored, with a
 * reason, and the journal is replayed from the start. `ringside verify` replays the whole
 * journal and checks the snapshot equals the state at its seq.
 */
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { besideJournal } from './paths';

export const CHECKPOINT_FORMAT = 'ringside-checkpoint/1';

/** What a checkpoint covers; `offset` is the byte just past record `seq`'s newline. */
export interface CheckpointHeader {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly stateFormat: string;
  readonly seq: number;
  readonly hash: string;
  readonly offset: number;
  readonly writtenAt: string;
  /**
   * The ids of the commands carried out up to `seq` (every event's `commandId`), so a driver
   * can resume from the checkpoint and still answer a retried command as done. Absent in
   * checkpoints written before drivers resumed from them: readers use those, a driver
   * replays its journal from the first record.
   */
  readonly carried?: readonly string[];
}

export type CheckpointRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'usable'; readonly header: CheckpointHeader; readonly stateJson: string }
  | { readonly kind: 'ignored'; readonly reason: string };

/** `DIR/journal.checkpoint` for `DIR/journal.jsonl` (same stem, like the head anchor). */
export function checkpointPath(journalFile: string): string {
  return besideJournal(journalFile, 'checkpoint');
}

/** Writes the checkpoint atomically: a temporary file, fsynced, renamed over the old one. */
export async function writeCheckpoint(
  journalFile: string,
  header: Omit<CheckpointHeader, 'format' | 'writtenAt'>,
  stateJson: string,
  now: Date = new Date(),
): Promise<void> {
  const file = checkpointPath(journalFile);
  const tmp = `${file}.tmp`;
  const full: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    ...header,
    writtenAt: now.toISOString(),
  };
  await writeFile(tmp, `${JSON.stringify(full)}\n${stateJson}\n`, { mode: 0o600 });
  const fh = await open(tmp, 'r+');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

function isHeader(v: unknown): v is CheckpointHeader {
  if (typeof v !== 'object' || v === null) {
    return false;
  }
  const h = v as Record<string, unknown>;
  return (
    h.format === CHECKPOINT_FORMAT &&
    typeof h.stateFormat === 'string' &&
    Number.isSafeInteger(h.seq) &&
    (h.seq as number) > 0 &&
    typeof h.hash === 'string' &&
    Number.isSafeInteger(h.offset) &&
    (h.offset as number) > 0 &&
    typeof h.writtenAt === 'string' &&
    (h.carried === undefined ||
      (Array.isArray(h.carried) && h.carried.every((id) => typeof id === 'string')))
  );
}

/** The journal line that ends at byte `offset` (its newline at offset - 1), or a reason. */
async function lineEndingAt(journalFile: string, offset: number): Promise<string | null> {
  const fh = await open(journalFile, 'r');
  try {
    const size = (await fh.stat()).size;
    if (offset > size) {
      return null;
    }
    let span = 4096;
    for (;;) {
      const start = Math.max(0, offset - span);
      const buf = Buffer.alloc(offset - start);
      await fh.read(buf, 0, buf.length, start);
      if (buf[buf.length - 1] !== 0x0a) {
        return null;
      }
      const prev = buf.lastIndexOf(0x0a, buf.length - 2);
      if (prev !== -1 || start === 0) {
        return buf.toString('utf8', prev + 1, buf.length - 1);
      }
      span *= 4;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Reads the checkpoint beside `journalFile` and checks it against the journal: usable only
 * when the record ending at its offset has its seq and hash, and its state format is
 * `stateFormat`. Never throws: an unreadable or foreign checkpoint is `ignored` with why.
 */
export async function readCheckpoint(
  journalFile: string,
  stateFormat: string,
): Promise<CheckpointRead> {
  const file = checkpointPath(journalFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? { kind: 'none' }
      : { kind: 'ignored', reason: `${file}: cannot read (${String(e)})` };
  }
  const nl = text.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(nl === -1 ? text : text.slice(0, nl));
  } catch {
    return { kind: 'ignored', reason: `${file}: the header is not JSON` };
  }
  if (!isHeader(header)) {
    return { kind: 'ignored', reason: `${file}: not a ${CHECKPOINT_FORMAT} header` };
  }
  if (header.stateFormat !== stateFormat) {
    return {
      kind: 'ignored',
      reason: `${file}: written for state format ${header.stateFormat}, this version reads ${stateFormat}`,
    };
  }
  let line: string | null;
  try {
    line = await lineEndingAt(journalFile, header.offset);
  } catch (e) {
    return { kind: 'ignored', reason: `${journalFile}: cannot read (${String(e)})` };
  }
  let record: { seq?: unknown; hash?: unknown } | null = null;
  try {
    record = line === null ? null : (JSON.parse(line) as { seq?: unknown; hash?: unknown });
  } catch {
    record = null;
  }
  if (record?.seq !== header.seq || record.hash !== header.hash) {
    return {
      kind: 'ignored',
      reason: `${file}: the journal has no record ${header.seq} with hash ${header.hash.slice(0, 12)}… at byte ${header.offset}`,
    };
  }
  const stateJson = text.slice(nl + 1).trimEnd();
  return { kind: 'usable', header, stateJson };
}
