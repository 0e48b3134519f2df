/**
 * The one way events become journal records, for the file journal and the team journal
 * alike: each event passes the redaction boundary (no held secret is ever written: an echoed
 * token in a gate's evidence, a passphrase in a host's output), then is chained after the
 * previous record. Everything is encoded before the caller moves its chain head, so an event
 * that cannot be written as JSON changes nothing.
 */
import { redactHeld } from '../secrets/held-secrets';
import { encodeRecord, type JournalEvent, type JournalRecord } from './record';

/** The records that follow `seq`/`head`, with their lines (each ending in `\n`), or why not. */
export function encodeBatch<E extends JournalEvent>(
  journal: string,
  seq: number,
  head: string,
  events: readonly E[],
): { records: JournalRecord<E>[]; lines: string[]; seq: number; head: string } | Error {
  const records: JournalRecord<E>[] = [];
  const lines: string[] = [];
  for (const event of events) {
    let encoded: { record: JournalRecord<E>; line: string };
    try {
      encoded = encodeRecord(seq, head, redactHeld(event));
    } catch (e) {
      return new Error(
        `journal ${journal}: event ${records.length + 1} of ${events.length} (type ${String(event.type)}) cannot be written as JSON (${e instanceof Error ? e.message : String(e)}); nothing of this append was written`,
      );
    }
    seq += 1;
    head = encoded.record.hash;
    records.push(encoded.record);
    lines.push(encoded.line);
  }
  return { records, lines, seq, head };
}
