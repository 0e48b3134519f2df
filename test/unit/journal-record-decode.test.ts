/**
 * decodeRecord reads a line written by encodeRecord without parsing its envelope
 * (adapters/journal/record.ts decodeCanonical). On any line, written or damaged, it must
 * give what parsing the whole line gives: the same record, or the same message. The oracle
 * below is the whole-line decoder as it was before that fast path.
 */
import { hash as oneShotHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRecord,
  encodeRecord,
  GENESIS_HASH,
  parseAnyEvent,
  type JournalEvent,
} from '../../src-main/adapters/journal/record';
import { parseRolloutEvent } from '../../src-main/core/rollout';

const HASH_KEY = ',"hash":"';
const SUFFIX = HASH_KEY.length + 64 + 2;
const HEX64 = /^[0-9a-f]{64}$/;

function wholeLine(
  text: string,
  expectedSeq: number,
  expectedPrev: string,
  parseEvent: (raw: unknown) => JournalEvent | string,
): unknown {
  if (text.length === 0) {
    return 'empty line (expected a journal record)';
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
  if (oneShotHash('sha256', text.slice(0, text.length - SUFFIX), 'hex') !== hash) {
    return 'hash mismatch: the record was edited or damaged after it was written';
  }
  const parsed = parseEvent(event);
  return typeof parsed === 'string' ? parsed : { seq, prev: expectedPrev, hash, event: parsed };
}

const event = fc.oneof(
  fc.record({
    type: fc.constantFrom('HostStepStarted', 'Note', '__proto__'),
    at: fc.integer(),
    ring: fc.string({ maxLength: 4 }),
    domain: fc.constant('a'),
    host: fc.string({ maxLength: 4 }),
    step: fc.constant('install'),
    phase: fc.constantFrom('deploy', 'x'),
    attempt: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ type: fc.string({ maxLength: 5 }), text: fc.string({ maxLength: 8 }) }),
);

/** Damage of one line: none, a character changed, inserted or cut, or the line re-hashed. */
const damage = fc.oneof(
  fc.constant(null),
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('set', 'insert', 'cut', 'rehash'),
    ch: fc.constantFrom(' ', '"', '1', 'a', '{', '}', ',', '\\', 'é'),
  }),
);

function damaged(line: string, d: { at: number; kind: string; ch: string } | null): string {
  if (d === null) {
    return line;
  }
  const i = d.at % line.length;
  if (d.kind === 'set') {
    return line.slice(0, i) + d.ch + line.slice(i + 1);
  }
  if (d.kind === 'insert') {
    return line.slice(0, i) + d.ch + line.slice(i);
  }
  if (d.kind === 'cut') {
    return line.slice(0, i) + line.slice(i + 1);
  }
  // Edited before the hash, then re-hashed: a forgery the chain (not the line) catches.
  const body = line
    .slice(0, line.length - SUFFIX)
    .replace('"seq":', `"seq":${d.ch === '1' ? '1' : ''}`);
  return `${body}${HASH_KEY}${oneShotHash('sha256', body, 'hex')}"}`;
}

describe('journal record decoding', () => {
  it('gives for every written or damaged line what parsing the whole line gives', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 4 }),
        fc.array(damage, { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (events, damages, withBytes, rollout) => {
          const parse = rollout ? parseRolloutEvent : parseAnyEvent;
          let prev = GENESIS_HASH;
          events.forEach((e, i) => {
            const { record, line } = encodeRecord(i + 1, prev, e as JournalEvent);
            const text = damaged(line.slice(0, -1), damages[i] ?? null);
            const got = decodeRecord(
              text,
              i + 1,
              prev,
              parse,
              withBytes ? Buffer.from(text, 'utf8') : undefined,
            );
            expect(got).toEqual(wholeLine(text, i + 1, prev, parse));
            prev = record.hash;
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a written line as its record, after the genesis hash and after any other', () => {
    const a = encodeRecord(1, GENESIS_HASH, { type: 'A' });
    const b = encodeRecord(2, a.record.hash, { type: 'B', n: [1, { x: 'y' }] });
    expect(decodeRecord(a.line.slice(0, -1), 1, GENESIS_HASH, parseAnyEvent)).toEqual(a.record);
    expect(decodeRecord(b.line.slice(0, -1), 2, a.record.hash, parseAnyEvent)).toEqual(b.record);
    // A prev that is not a hash is not taken by text (JSON would escape it): the whole line decides.
    const odd = 'x\\"y';
    const c = encodeRecord(3, odd, { type: 'C' });
    const line = c.line.slice(0, -1);
    expect(decodeRecord(line, 3, odd, parseAnyEvent)).toEqual(
      wholeLine(line, 3, odd, parseAnyEvent),
    );
  });
});
