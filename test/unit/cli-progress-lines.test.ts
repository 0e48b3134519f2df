/**
 * `ringside run`'s progress lines for a halt: the plain-language summary is a paragraph and
 * printed as lines of its own. It was joined to the HALTED line with "\n", which the one-line
 * escaping then printed as a literal backslash-n in the middle of the summary.
 */
import { describe, expect, it } from 'vitest';
import { ProgressLines } from '../../src-main/cli/progress-lines';
import { escapeControls } from '../../src-main/core/boundary-text';
import { replay, type RolloutEvent } from '../../src-main/core/rollout';

describe('halt lines', () => {
  it('print the summary as indented lines under HALTED, each escaped on its own', () => {
    const p = new ProgressLines(false, () => 0);
    const events: RolloutEvent[] = [
      {
        type: 'RingHalted',
        at: 1,
        ring: 'canary',
        reason: 'gate error-rate failed',
        gate: 'error-rate',
        summary: 'Gate error-rate failed for ring canary.\nweb-1 said \u001b[31mboom',
      },
    ];
    const lines = p
      .lines({ type: 'journaled', events, state: replay([]) })
      .map((l) => escapeControls(l));
    expect(lines).toEqual([
      '[canary] HALTED: gate error-rate failed',
      '  Gate error-rate failed for ring canary.',
      '  web-1 said \\x1b[31mboom',
    ]);
    expect(lines.join('')).not.toContain('\\n');
  });
});
