/**
 * Issue 10 item 6: host output reached the terminal raw under `run --verbose` (a title change,
 * a screen clear, a cursor move that overwrites earlier lines). The simulated hosts run a
 * step that prints those sequences; every line `ringside run` prints shows them escaped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e]/;

const dir = mkdtempSync(join(tmpdir(), 'ringside-escapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = `release: { name: web, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid, labels: { zone: a } }
domains: { byLabel: zone }
rings:
  - { name: all, select: { rest: true }, bake: 0s }
deploy:
  steps:
    - { name: install, command: "echo \\"\\e]0;pwned\\a\\e[2J\\e[1;1H\\u202eok\\u009b\\" && appctl install {{version}}", timeout: 30s, idempotent: true }
`;

describe('run --verbose shows host output escaped', () => {
  it('no control character reaches the terminal; the sequences are shown as text', async () => {
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, plan);
    const r = await runCliCaptured(
      [
        'run',
        file,
        '--sim',
        '--auto-promote',
        '--until',
        'end',
        '--verbose',
        '--journal',
        join(dir, 'j'),
      ],
      { cwd: dir },
    );
    expect(r.code, r.err.join('\n')).toBe(0);
    const all = [...r.out, ...r.err];
    const unsafe = all.filter((l) => CONTROL.test(l));
    expect(unsafe).toEqual([]);
    expect(all).toContain('  h1| \\x1b]0;pwned\\x07\\x1b[2J\\x1b[1;1H\\u202eok\\x9b');
  }, 60_000);
});
