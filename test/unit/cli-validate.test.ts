import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const root = join(import.meta.dirname, '../..');

const run = (...argv: string[]) => runCliCaptured(argv, { cwd: root });

const tmp = mkdtempSync(join(tmpdir(), 'ringside-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ringside validate', () => {
  it('accepts the demo with a one-line summary', async () => {
    const r = await run('validate', 'examples/demo.yaml');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(
      /^examples\/demo\.yaml: valid — release web 2\.4\.0, 60 hosts, 4 rings \(canary, early, broad, global\), \d+ update domains, plan [0-9a-f]{12}$/,
    );
  });
  it('accepts the plan built from inventories and the bad-release demo', async () => {
    expect((await run('validate', 'examples/demo-inventory.yaml')).code).toBe(0);
    expect((await run('validate', 'examples/demo-bad.yaml')).code).toBe(0);
  });
  it('refuses a placeholder in the script of a nested shell (issue 10), naming the safe form', async () => {
    const r = await run('validate', 'examples/invalid/template-nested-shell.yaml');
    expect(r.code).toBe(2);
    expect(r.err.slice(0, 2)).toEqual([
      `examples/invalid/template-nested-shell.yaml:15:68: template variable '{{version}}' cannot be used here: it is inside the script of 'sh -c', which a second shell parses: pass it as an argument instead, e.g. sh -c 'appctl install "$1"' sh {{version}}`,
      `examples/invalid/template-nested-shell.yaml:15:86: template variable '{{host.labels.evil}}' cannot be used here: it is inside the script of 'sh -c', which a second shell parses: pass it as an argument instead, e.g. sh -c 'appctl install "$1"' sh {{version}}`,
    ]);
  });
  it('prints errors as FILE:LINE:COL: message on stderr and exits 2', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(
      file,
      [
        'release: { name: web, version: 1, previous: 0 }',
        'fleet: { hosts: [{ name: h1, address: h1.demo.invalid, labels: { zone: a } }] }',
        'domains: { byLabel: zone }',
        'rings:',
        '  - { name: all, select: { rest: true }, bake: 5 minutes, gates: [nope] }',
        'deploy: { steps: [{ name: s, command: appctl restart, timeout: 5s }] }',
      ].join('\n'),
    );
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      `${file}:5:48: rings[0].bake: invalid duration '5 minutes' (expected a duration like '500ms', '90s', '10m' or '1h30m')`,
    ]);
    writeFileSync(file, readFixed());
    const r2 = await run('validate', file);
    expect(r2.err).toEqual([
      `${file}:5:60: unknown gate 'nope' in ring 'all' (defined gates: none defined)`,
    ]);
  });
  it('gives one line and exit 2 for a missing file, no file, or a bad flag', async () => {
    const missing = await run('validate', 'examples/no-such-plan.yaml');
    expect(missing).toEqual({
      code: 2,
      out: [],
      err: ["ringside validate: cannot read 'examples/no-such-plan.yaml': no such file"],
    });
    const none = await run('validate');
    expect(none.code).toBe(2);
    expect(none.err).toHaveLength(1);
    const flag = await run('validate', '--strict', 'examples/demo.yaml');
    expect(flag.code).toBe(2);
    expect(flag.err).toHaveLength(1);
    expect(flag.err[0]).toMatch(/^ringside validate: Unknown option '--strict'/);
  });
  it('has --help', async () => {
    const r = await run('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/FILE:LINE:COL/);
  });
});

function readFixed(): string {
  return [
    'release: { name: web, version: 1, previous: 0 }',
    'fleet: { hosts: [{ name: h1, address: h1.demo.invalid, labels: { zone: a } }] }',
    'domains: { byLabel: zone }',
    'rings:',
    '  - { name: all, select: { rest: true }, bake: 5m, gates: [nope] }',
    'deploy: { steps: [{ name: s, command: appctl restart, timeout: 5s }] }',
  ].join('\n');
}

describe('ringside preview', () => {
  it('--json prints the documented shape', async () => {
    const r = await run('preview', 'examples/demo.yaml', '--json');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.out.join('\n')) as {
      release: Record<string, string>;
      fleet: { hosts: number };
      rings: {
        name: string;
        hosts: number;
        percent: number;
        bake: string;
        domains: { name: string; hosts: string[] }[];
      }[];
      estimate: { minSeconds: number; maxSeconds: number };
    };
    expect(view.release).toEqual({ name: 'web', version: '2.4.0', previous: '2.3.9' });
    expect(view.fleet).toEqual({ hosts: 60 });
    expect(view.rings.map((x) => [x.name, x.hosts, x.percent, x.bake])).toEqual([
      ['canary', 3, 5, '20s'],
      ['early', 6, 10, '20s'],
      ['broad', 24, 40, '15s'],
      ['global', 27, 45, '0s'],
    ]);
    for (const ring of view.rings) {
      expect(ring.domains.reduce((n, d) => n + d.hosts.length, 0)).toBe(ring.hosts);
      expect(ring.domains.every((d) => ['a', 'b', 'c'].includes(d.name))).toBe(true);
    }
    // Bakes (55s) plus waves of 4 hosts at the steps' expected 2.5s: see estimateDuration.
    expect(view.estimate.minSeconds).toBeGreaterThan(55);
    expect(view.estimate.maxSeconds).toBeGreaterThan(view.estimate.minSeconds);
  });
  it('prints rings, domains, labels and the estimate as text', async () => {
    const r = await run('preview', 'examples/demo.yaml');
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/^ring canary: 3 hosts \(5% of fleet\), bake 20s/m);
    expect(text).toMatch(/^ {2}labels: .*region=ap-south,eu-west,us-east/m);
    expect(text).toMatch(/^ {2}domain a \(\d+\): /m);
    expect(text).toMatch(/^estimate: at least \S+, at most \S+ \(assumes /m);
  });
  it('fails like validate on an invalid plan', async () => {
    const r = await run('preview', 'examples/invalid/uncovered.yaml', '--json');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toMatch(/^examples\/invalid\/uncovered\.yaml:10:1: 1 host is in no ring/);
  });
});
