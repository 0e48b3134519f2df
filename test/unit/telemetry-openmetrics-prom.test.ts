/**
 * Prometheus' own OpenMetrics parser test table (model/textparse/openmetricsparse_test.go, see
 * the fixture's `source`), as facts: every valid input parses, every invalid one is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOpenMetricsBytes } from '../../src-main/core/telemetry/openmetrics-text';

interface Case {
  readonly name: string;
  readonly inBase64: string;
  readonly in?: string;
  readonly err?: string;
}
const table = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/openmetrics-parse.json'), 'utf8'),
) as { valid: Case[]; invalid: Case[] };
const bytes = (c: Case) => Uint8Array.from(Buffer.from(c.inBase64, 'base64'));

describe("OpenMetrics text: Prometheus' parser test table (openmetricsparse_test.go)", () => {
  it('has the table', () => {
    expect(table.valid.length).toBeGreaterThanOrEqual(8);
    expect(table.invalid.length).toBeGreaterThanOrEqual(70);
  });
  table.valid.forEach((c, i) => {
    it(`valid #${i} (${c.name}) parses`, () => {
      const r = parseOpenMetricsBytes(bytes(c));
      expect(r.ok ? 'ok' : r.errors).toBe('ok');
    });
  });
  table.invalid.forEach((c, i) => {
    it(`invalid #${i} (${c.name}) is refused: ${c.err ?? ''}`, () => {
      const r = parseOpenMetricsBytes(bytes(c));
      expect(r.ok, JSON.stringify(c.in ?? c.inBase64)).toBe(false);
    });
  });
});
