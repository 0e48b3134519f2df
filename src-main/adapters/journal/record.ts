import { hash as oneShotHash } from 'node:crypto';

/**
 * The journal's line format and its hash chain.
 *
 * One record per line, keys in this fixed order:
 *
 * ```
 * {"seq":1,"prev":"000…0","event":{"type":"RolloutCreated",…},"hash":"<64 hex>"}
 * ```
 *
 * - `seq` starts at 1 and goes up by exactly 1 per line.
 * - `prev` is the previous line's `hash`; the first line's `prev` is {@link GENESIS_HASH}.
 * - `hash` is the sha256 (hex) of the line's own text up to, but not including,
 *   `,"hash":` — i.e. of `{"seq":N,"prev":"…","event":{…}` exactly as written. Hashing the
 *   written bytes (not a re-serialization) keeps verification cheap and independent of how
 *   a reader would re-order keys, and makes any edit of seq, prev or event visible.
 *
 * `hash` sits last so the hashed text is a plain prefix of the line.
 */

/** `prev` of the first record of every journal. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the journal stores: any event tagged by `type` (the rollout core's events fit). */
export interface JournalEvent {
  readonly type: string;
}

/** One line of the journal, as written and as loaded. */
export interface JournalRecord<E extends JournalEvent = JournalEvent> {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly event: E;
}

/**
 * Checks a parsed `event` value and returns it typed, or a string saying what is wrong.
 * Lets a caller plug in its own schema (e.g. the core's zod event schema) at load time.
 */
export type EventParser<E extends JournalEvent> = (raw: unknown) => E | string;

const HASH_KEY = ',"hash":"';
/** `,"hash":"` + 64 hex digits + `"}`. */
const HASH_SUFFIX_LENGTH = HASH_KEY.length + 64 + 2;
const HEX64 = /^[0-9a-f]{64}$/;

// One-shot hashing is about twice as fast as createHash() for lines this small.
function sha256(data: string | Buffer): string {
  return oneShotHash('sha256', data, 'hex');
}

/** Builds the record that follows `prev` and the exact line (with its `\n`) to write. */
export function encodeRecord<E extends JournalEvent>(
  seq: number,
  prev: string,
  event: E,
): { record: JournalRecord<E>; line: string } {
  const body = `{"seq":${seq},"prev":"${prev}","event":${JSON.stringify(event)}`;
  const hash = sha256(body);
  return { record: { seq, prev, hash, event }, line: `${body}${HASH_KEY}${hash}"}\n` };
}

/** Accepts any object with a string `type`; the default when the caller gives no parser. */
export function parseAnyEvent(raw: unknown): JournalEvent | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return 'expected "event" to be an object';
  }
  const type: unknown = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0) {
    return 'expected "event" to have a non-empty string "type"';
  }
  return raw as JournalEvent;
}

/**
 * Parses and verifies one line (without its `\n`) against what the chain expects there.
 * Returns the record or a message saying what is wrong (the caller adds file and line).
 *
 * @param bytes the line's UTF-8 bytes when the caller has them (the loader does): hashing
 *   them directly skips re-encoding the text.
 */
export function decodeRecord<E extends JournalEvent>(
  text: string,
  expectedSeq: number,
  expectedPrev: string,
  parseEvent: EventParser<E>,
  bytes?: Buffer,
): JournalRecord<E> | string {
  if (text.length === 0) {
    return 'empty line (expected a journal record)';
  }
  const fast = decodeCanonical(text, expectedSeq, expectedPrev, parseEvent, bytes);
  if (fast !== null) {
    return fast;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `invalid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return 'expected a JSON object {"seq","prev","event","hash"}';
  }
  const { seq, prev, hash, event } = raw as Record<string, unknown>;
  if (typeof seq !== 'number' || typeof prev !== 'string' || typeof hash !== 'string') {
    return 'expected "seq" (number), "prev" and "hash" (strings)';
  }
  if (seq !== expectedSeq) {
    return `sequence gap: expected seq ${expectedSeq}, found ${seq}`;
  }
  if (prev !== expectedPrev) {
    return `broken hash chain: "prev" is not the hash of the previous record (expected ${expectedPrev}, found ${prev})`;
  }
  if (!HEX64.test(hash) || !text.endsWith(`${HASH_KEY}${hash}"}`)) {
    return 'expected "hash" (64 lowercase hex digits) as the last key of the record';
  }
  // The suffix is ASCII, so it has the same length in bytes and in UTF-16 units.
  const body =
    bytes !== undefined
      ? bytes.subarray(0, bytes.length - HASH_SUFFIX_LENGTH)
      : text.slice(0, text.length - HASH_SUFFIX_LENGTH);
  if (sha256(body) !== hash) {
    return 'hash mismatch: the record was edited or damaged after it was written';
  }
  const parsed = parseEvent(event);
  if (typeof parsed === 'string') {
    return parsed;
  }
  // prev === expectedPrev: keep the previous record's string, not a second copy per record.
  return { seq, prev: expectedPrev, hash, event: parsed };
}

/** The last `prev` known to be 64 lowercase hex digits (a hash this module computed). */
let hexPrev = GENESIS_HASH;

/**
 * The line as {@link encodeRecord} writes it, record `expectedSeq` after `expectedPrev`, with
 * a hash that matches: parsed without parsing the envelope, whose text is then known
 * (`{"seq":N,"prev":"…","event":` … `,"hash":"…"}`). Only the event is given to JSON.parse,
 * and the hash needs no pattern test (it equals the sha256 just computed). Such a line is
 * valid JSON exactly when its event text is, so the result is what the general path gives;
 * any other line (another layout, a wrong seq, prev or hash, bad JSON) returns null, and
 * the general path decides and says what is wrong. Verifying a 1,000,000-line journal parsed
 * every envelope for nothing.
 */
function decodeCanonical<E extends JournalEvent>(
  text: string,
  expectedSeq: number,
  expectedPrev: string,
  parseEvent: EventParser<E>,
  bytes: Buffer | undefined,
): JournalRecord<E> | string | null {
  if (expectedPrev !== hexPrev && !HEX64.test(expectedPrev)) {
    return null; // a prev that would need escaping in JSON: the text would not match it
  }
  const head = `{"seq":${expectedSeq},"prev":"${expectedPrev}","event":`;
  const end = text.length - HASH_SUFFIX_LENGTH;
  if (end <= head.length || !text.startsWith(head) || !text.startsWith(HASH_KEY, end)) {
    return null;
  }
  if (text.charCodeAt(text.length - 2) !== 0x22 || text.charCodeAt(text.length - 1) !== 0x7d) {
    return null; // not `"}`
  }
  const hash = text.slice(end + HASH_KEY.length, text.length - 2);
  const body =
    bytes !== undefined ? bytes.subarray(0, bytes.length - HASH_SUFFIX_LENGTH) : text.slice(0, end);
  if (sha256(body) !== hash) {
    return null;
  }
  let event: unknown;
  try {
    event = JSON.parse(text.slice(head.length, end));
  } catch {
    return null;
  }
  const parsed = parseEvent(event);
  if (typeof parsed === 'string') {
    return parsed;
  }
  hexPrev = hash;
  return { seq: expectedSeq, prev: expectedPrev, hash, event: parsed };
}
