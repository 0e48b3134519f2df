import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';

const dir = 'examples/invalid';
const root = join(import.meta.dirname, '../..');

/**
 * Each broken plan names its expected first error on line 1:
 * `# expect: LINE:COL message` (in the plan) or `# expect: FILE:LINE:COL message` (in an
 * inventory it names, FILE relative to examples/invalid).
 */
describe('examples/invalid: one broken plan per class of error', () => {
  const files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml'));
  it('has an example for every class the plan format checks', () => {
    for (const cls of [
      'yaml-syntax',
      'unknown-key',
      'missing-key',
      'duplicate-host',
      'duplicate-host-inventory',
      'host-in-two-rings',
      'empty-ring',
      'uncovered',
      'percent-range',
      'bad-duration',
      'unknown-gate',
      'unknown-metric',
      'unknown-source',
      'duplicate-step',
      'unknown-template-var',
      'missing-inventory',
      'yaml-unresolved-alias',
      'yaml-alias-bomb',
      'yaml-too-deep',
      'nul-byte',
      'percent-overflow',
      'port-range',
    ]) {
      expect(files).toContain(`${cls}.yaml`);
    }
  });
  for (const f of files) {
    it(`${f} fails with its expected position and message`, async () => {
      const text = readFileSync(join(root, dir, f), 'utf8');
      const expectLine = /^# expect: (?:(\S+):)?(\d+):(\d+) (.*)$/.exec(text.split('\n')[0] ?? '');
      expect(expectLine, `${f} needs '# expect: LINE:COL message' on line 1`).not.toBeNull();
      const [, otherFile, line, col, message] = expectLine ?? [];
      const result = await loadPlanFromFile(`${dir}/${f}`, { cwd: root });
      expect(result.ok).toBe(false);
      if (result.ok) {
        return;
      }
      const first = result.error[0];
      expect({
        file: first ? relative(dir, first.file) : undefined,
        line: first?.line,
        col: first?.col,
        message: first?.message,
      }).toEqual({ file: otherFile ?? f, line: Number(line), col: Number(col), message });
    });
  }
});
