import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { planFromText } from '../../src-main/core/plan';
import { runCliCaptured } from '../helpers/cli-io';

/** A valid plan; each case breaks one thing in it. Line numbers below count from 1. */
const lines = [
  'release: { name: web, version: 2.4.0, previous: 2.3.9 }', // 1
  'fleet:', // 2
  '  hosts:', // 3
  '    - { name: h1, address: h1.demo.invalid, labels: { zone: a } }', // 4
  '    - { name: h2, address: h2.demo.invalid, labels: { zone: b } }', // 5
  '    - { name: h3, address: h3.demo.invalid, labels: { zone: a } }', // 6
  'domains: { byLabel: zone }', // 7
  'rings:', // 8
  '  - { name: canary, select: { count: 1 }, bake: 10s }', // 9
  '  - { name: rest, select: { rest: true }, bake: 10s }', // 10
  'deploy:', // 11
  '  steps:', // 12
  "    - { name: install, command: 'appctl install {{version}}', timeout: 30s }", // 13
];
const plan = (edit: (ls: string[]) => void = () => undefined) => {
  const ls = [...lines];
  edit(ls);
  return `${ls.join('\n')}\n`;
};
const errorsOf = (text: string) => {
  const r = planFromText(text, 'p.yaml');
  return r.ok ? [] : r.error.map((e) => `${e.line}:${e.col} ${e.message}`);
};

const tmp = mkdtempSync(join(tmpdir(), 'ringside-plan-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('plan YAML: values as written', () => {
  it('keeps version 2.10 as the string "2.10" (YAML would read the float 2.1)', () => {
    const r = planFromText(
      plan((ls) => (ls[0] = 'release: { name: web, version: 2.10, previous: 2.9 }')),
      'p.yaml',
    );
    expect(r.ok && r.value.plan.release).toEqual({ name: 'web', version: '2.10', previous: '2.9' });
  });
  it('keeps label values as written (rack: 07 is "07", ratio: 1.50 is "1.50")', () => {
    const r = planFromText(
      plan(
        (ls) =>
          (ls[4] = '    - { name: h2, address: h2.x, labels: { zone: b, rack: 07, ratio: 1.50 } }'),
      ),
      'p.yaml',
    );
    expect(r.ok && r.value.plan.hosts.find((h) => h.name === 'h2')?.labels).toMatchObject({
      rack: '07',
      ratio: '1.50',
    });
  });
});

describe('plan YAML: every bad plan is a positioned error, never a throw', () => {
  it('an unresolved alias is reported where it is written', () => {
    expect(
      errorsOf(plan((ls) => (ls[8] = '  - { name: canary, select: { count: 1 }, bake: *nope }'))),
    ).toEqual([
      "9:49 YAML: unresolved alias '*nope' (expected an anchor '&nope' earlier in the file)",
    ]);
  });
  it('an alias bomb is refused at its first alias', () => {
    const bomb = [
      'x-a: &a [l, l, l, l, l, l, l, l, l, l]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const errs = errorsOf(`${bomb}\n${plan()}`);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^2:10 YAML: aliases expand too much .*expected at most \d+ alias expansions\)$/,
    );
  });
  it('nesting deeper than 64 levels is refused (both below and above the parser stack limit)', () => {
    for (const depth of [100, 5000]) {
      const errs = errorsOf(`x: ${'['.repeat(depth)}${']'.repeat(depth)}\n${plan()}`);
      expect(errs.length, `depth ${depth}`).toBeGreaterThan(0);
      expect(errs[0]).toMatch(
        /^1:\d+ YAML( syntax)?: nesting too deep \(expected at most 64 levels\)$/,
      );
    }
  });
  it('a NUL byte or control character is refused at its position', () => {
    expect(
      errorsOf(plan((ls) => (ls[0] = 'release: { name: w\0eb, version: 1, previous: 0 }'))),
    ).toEqual([
      '1:19 a NUL byte (a binary or UTF-16 file?) (expected UTF-8 text; save the plan as UTF-8)',
    ]);
  });
  it('an unclosed [ is reported on the line where it opens, not at the end of the file', () => {
    const ls = lines.slice(0, 8);
    for (let i = 0; i < 169; i++) {
      ls.push(`  # filler ${i}`);
    }
    ls.push('  - { name: canary, select: { count: 1 }, bake: 10s, gates: [errors }'); // line 178
    ls.push(...lines.slice(9));
    for (let i = 0; i < 30; i++) {
      ls.push(`# tail ${i}`);
    }
    const errs = errorsOf(ls.join('\n'));
    expect(errs[0]).toMatch(/^178:\d+ YAML syntax: this \[ is never closed/);
  });
  it('percent rings that cannot fit the fleet are refused at their percent', () => {
    expect(
      errorsOf(
        plan((ls) => {
          ls[8] = '  - { name: canary, select: { percent: 60 }, bake: 10s }';
          ls.splice(9, 0, '  - { name: early, select: { percent: 50 }, bake: 10s }');
        }),
      )[0],
    ).toBe(
      "10:39 percent 50 cannot fit: the percent rings up to 'early' add up to 110% of the fleet (expected at most 100%)",
    );
    expect(
      errorsOf(
        plan((ls) => {
          ls[8] = '  - { name: canary, select: { count: 3 }, bake: 10s }';
          ls.splice(9, 0, '  - { name: early, select: { percent: 10 }, bake: 10s }');
        }),
      )[0],
    ).toBe(
      "10:39 percent 10 cannot fit a fleet of 3 hosts: the rings before 'early' took every host (every ring needs at least one)",
    );
  });
  it('ports say their range', () => {
    expect(
      errorsOf(
        plan(
          (ls) => (ls[3] = '    - { name: h1, address: h1.x, port: 70000, labels: { zone: a } }'),
        ),
      ),
    ).toEqual(['4:40 fleet.hosts[0].port: port 70000 out of range (expected 1-65535)']);
  });
});

describe('plan files: encodings', () => {
  const write = (name: string, bytes: Buffer) => {
    writeFileSync(join(tmp, name), bytes);
    return name;
  };
  it('refuses UTF-16 with what to do, and invalid UTF-8 at its line and column', async () => {
    const u16 = write(
      'u16.yaml',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan(), 'utf16le')]),
    );
    const r1 = await loadPlanFromFile(u16, { cwd: tmp });
    expect(!r1.ok && r1.error).toEqual([
      {
        file: 'u16.yaml',
        line: 1,
        col: 1,
        message: 'UTF-16 text (expected UTF-8: save the file as UTF-8)',
      },
    ]);
    const bin = write(
      'bin.yaml',
      Buffer.concat([
        Buffer.from('release: { name: w'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(plan().slice(18)),
      ]),
    );
    const r2 = await loadPlanFromFile(bin, { cwd: tmp });
    expect(!r2.ok && r2.error).toEqual([
      {
        file: 'bin.yaml',
        line: 1,
        col: 19,
        message: 'invalid UTF-8 (byte 0xc3; a binary file? expected UTF-8 text)',
      },
    ]);
  });
  it('accepts a UTF-8 byte order mark, as YAML allows', async () => {
    const bom = write(
      'bom.yaml',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plan())]),
    );
    expect((await loadPlanFromFile(bom, { cwd: tmp })).ok).toBe(true);
  });
  it('ringside validate exits 2 (not 1) with FILE:LINE:COL for an alias, a bomb and binary input', async () => {
    const files = [
      write(
        'alias.yaml',
        Buffer.from(
          plan((ls) => (ls[8] = '  - { name: canary, select: { count: 1 }, bake: *nope }')),
        ),
      ),
      write('bin2.yaml', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80])),
    ];
    for (const f of files) {
      const r = await runCliCaptured(['validate', f], { cwd: tmp });
      expect({ f, code: r.code }).toEqual({ f, code: 2 });
      expect(r.err[0]).toMatch(new RegExp(`^${f}:\\d+:\\d+: `));
    }
  });
});
