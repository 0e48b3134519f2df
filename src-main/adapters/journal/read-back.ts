import { open } from 'node:fs/promises';
import { decodeRecord, type EventParser, type JournalEvent, type JournalRecord } from './record';

/**
 * The last `n` records that end at or before byte `end` of a journal, oldest first, read
 * backwards (a long journal is not read from its start). Each record's own hash and event
 * are checked, and each links to the next by `prev`; `lastHash`, when given, is the hash the
 * last of them must have (a checkpoint's). Returns a message naming the seq on damage.
 */
export async function readRecordsBefore<E extends JournalEvent>(
  file: string,
  end: number,
  n: number,
  parseEvent: EventParser<E>,
  lastHash?: string,
): Promise<JournalRecord<E>[] | string> {
  if (n <= 0 || end <= 0) {
    return [];
  }
  const fh = await open(file, 'r');
  let text: string;
  try {
    // Grow the window until it holds n + 1 newlines (or the file's start).
    let span = 64 * 1024;
    for (;;) {
      const start = Math.max(0, end - span);
      const buf = Buffer.alloc(end - start);
      await fh.read(buf, 0, buf.length, start);
      let newlines = 0;
      for (let i = 0; i < buf.length && newlines <= n; i++) {
        newlines += buf[i] === 0x0a ? 1 : 0;
      }
      if (newlines > n || start === 0) {
        text = buf.toString('utf8');
        if (start > 0) {
          text = text.slice(text.indexOf('\n') + 1);
        }
        break;
      }
      span *= 4;
    }
  } finally {
    await fh.close();
  }
  const lines = text
    .split('\n')
    .filter((l) => l.length > 0)
    .slice(-n);
  const out: JournalRecord<E>[] = [];
  for (const line of lines) {
    let head: { seq?: unknown; prev?: unknown };
    try {
      head = JSON.parse(line) as { seq?: unknown; prev?: unknown };
    } catch {
      return `a record before byte ${end} is not JSON`;
    }
    const seq = typeof head.seq === 'number' ? head.seq : -1;
    const prev = typeof head.prev === 'string' ? head.prev : '';
    const last = out.at(-1);
    if (last !== undefined && (seq !== last.seq + 1 || prev !== last.hash)) {
      return `record ${seq} does not follow record ${last.seq} in the chain`;
    }
    const decoded = decodeRecord(line, seq, prev, parseEvent);
    if (typeof decoded === 'string') {
      return `record ${seq}: ${decoded}`;
    }
    out.push(decoded);
  }
  if (lastHash !== undefined && out.length > 0 && out.at(-1)?.hash !== lastHash) {
    return `the record before byte ${end} does not have the checkpoint's hash`;
  }
  return out;
}
