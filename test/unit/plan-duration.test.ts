import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src-main/core/duration';
import { canonicalJson, canonicalJsonSha256, Sha256, sha256Hex } from '../../src-main/core/hash';

describe('durations', () => {
  it('parses the forms plan authors write', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s250ms')).toBe(90_250);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0')).toBe(0);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', '10', '1h30', '30m1h', '10 minutes', '-5s', '1.5h', 'ms', 's', '5sm']) {
      expect(parseDuration(bad), bad).toBeUndefined();
    }
  });
  it('formats back to a form that parses to the same value', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pure sha256', () => {
  it('matches node:crypto on any text, including multi-byte characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 1000 },
    );
  });
  it('hashes long texts fed in pieces as node:crypto hashes them whole (every padding case)', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 16383, 16384, 40_000]) {
      const s = 'é'.repeat(n % 7) + 'x'.repeat(n);
      const h = new Sha256();
      for (let i = 0; i < s.length; i += 997) {
        h.updateText(s.slice(i, i + 997));
      }
      expect(h.hex()).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
  it('the streamed plan hash equals the hash of the canonical JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJsonSha256(v)).toBe(
          createHash('sha256').update(canonicalJson(v), 'utf8').digest('hex'),
        );
      }),
      { numRuns: 300 },
    );
  });
  it('the plan hash is the same through node:crypto (what the plan loader uses)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 60, maxLength: 200 }), (v) => {
        const h = createHash('sha256');
        const viaNode = canonicalJsonSha256(
          { hosts: v },
          {
            update: (t) => void h.update(t, 'utf8'),
            hex: () => h.digest('hex'),
          },
        );
        expect(viaNode).toBe(canonicalJsonSha256({ hosts: v }));
      }),
      { numRuns: 50 },
    );
  });
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(
      canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
