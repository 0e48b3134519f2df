/**
 * The Go text parser's own test table (prometheus/common expfmt, see the fixture's `source`),
 * as facts: every valid input parses, every invalid one is refused at the same line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePromBytes } from '../../src-main/core/telemetry/prom-text';

interface Case {
  readonly inBase64: string;
  readonly in?: string;
  readonly err?: string;
}
const table = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/expfmt-text-parse.json'), 'utf8'),
) as { valid: Case[]; invalid: Case[] };
const bytes = (c: Case) => Uint8Array.from(Buffer.from(c.inBase64, 'base64'));

describe('Prometheus text: the Go parser test table (expfmt text_parse_test.go)', () => {
  it('has the table', () => {
    expect(table.valid.length).toBeGreaterThanOrEqual(5);
    expect(table.invalid.length).toBeGreaterThanOrEqual(30);
  });
  table.valid.forEach((c, i) => {
    it(`valid #${i} parses`, () => {
      const r = parsePromBytes(bytes(c));
      expect(r.ok ? 'ok' : r.errors).toBe('ok');
    });
  });
  table.invalid.forEach((c, i) => {
    const line = Number(/in line (\d+)/.exec(c.err ?? '')?.[1]);
    it(`invalid #${i} is refused at line ${line}: ${(c.err ?? '').replace(/^text format parsing error in line \d+: /, '')}`, () => {
      const r = parsePromBytes(bytes(c));
      expect(r.ok, JSON.stringify(c.in ?? c.inBase64)).toBe(false);
      if (!r.ok) {
        expect(r.errors[0]?.line).toBe(line);
      }
    });
  });
});
