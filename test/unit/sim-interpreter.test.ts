import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shellQuote } from '../../src-main/core/shell-quote';
import { renderCommand } from '../../src-main/core/template';
import { parseShell } from '../../src-main/sim/shell-parse';
import { checkCommand, runCommand } from '../../src-main/sim/interpreter';
import { Stop } from '../../src-main/sim/stop-signal';
import { SimHostState } from '../../src-main/sim/sim-host';
import { createPrng } from '../../src-main/sim/prng';

function host() {
  const root = createPrng(3);
  return new SimHostState(
    'web-1',
    0,
    '1.0.0',
    { now: () => 1_700_000_000_000, profiles: {}, rps: 10, latencyScale: 0 },
    root.fork(0),
    root.fork(1),
    root.fork(2),
  );
}

async function run(line: string, h = host()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(line, h.actions(), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new Stop(),
  });
  return { code, out, err, h };
}

describe('sim shell parser', () => {
  it('splits words, quotes and operators', () => {
    const r = parseShell(
      `sudo /opt/bin/appctl install '2.0 beta' && echo "a \\"b\\"" || false; true`,
    );
    expect(r).toEqual({
      ok: true,
      commands: [
        { join: 'first', words: ['sudo', '/opt/bin/appctl', 'install', '2.0 beta'] },
        { join: '&&', words: ['echo', 'a "b"'] },
        { join: '||', words: ['false'] },
        { join: ';', words: ['true'] },
      ],
    });
  });
  it('reads any shell-quoted value back as exactly one word (templates cannot inject)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => {
        expect(parseShell(`appctl install ${shellQuote(v)} && echo ok`)).toEqual({
          ok: true,
          commands: [
            { join: 'first', words: ['appctl', 'install', v] },
            { join: '&&', words: ['echo', 'ok'] },
          ],
        });
      }),
      { numRuns: 500 },
    );
  });
  it('reads a rendered template (RS_ assignments, then "${RS_x}" references) as its values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (v, w) => {
        fc.pre(!v.includes('\u0000') && !w.includes('\u0000') && !v.startsWith('-'));
        const r = renderCommand('sudo appctl install {{version}} && echo "at {{host.name}}!"', {
          version: v,
          previous: '',
          host: { name: w, address: 'a', labels: {} },
        });
        expect(r.ok && parseShell(r.command)).toEqual({
          ok: true,
          commands: [
            { join: 'first', words: ['sudo', 'appctl', 'install', v] },
            { join: '&&', words: ['echo', `at ${w}!`] },
          ],
        });
      }),
      { numRuns: 300 },
    );
  });
  it.each([
    'echo $(id)',
    'echo `id`',
    'ls | grep x',
    'echo x > f',
    'true &&',
    'echo "$HOME"',
    'RS_x=1; echo "$RS_y"',
    'echo "${RS_x:-x}"',
    "echo 'x",
  ])('refuses %s', (line) => {
    expect(parseShell(line).ok).toBe(false);
  });
});

describe('sim command interpreter', () => {
  it('installs and reports the version behind sudo and a path prefix', async () => {
    const r = await run('sudo -n /usr/local/bin/appctl install 2.0.0 && appctl version');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['installed 2.0.0 on web-1', '2.0.0']);
    const back = await run('appctl rollback', r.h);
    expect(back.code).toBe(0);
    expect((await run('appctl version', r.h)).out).toEqual(['1.0.0']);
  });
  it('runs && / || / ; and exit like sh', async () => {
    expect((await run('false && echo no; echo yes')).out).toEqual(['yes']);
    expect((await run('false || echo fallback')).out).toEqual(['fallback']);
    expect((await run('echo a; exit 3; echo b')).code).toBe(3);
    expect((await run('[ 2 -gt 1 ] && test "x" = x')).code).toBe(0);
    expect((await run('test 1 -eq 2')).code).toBe(1);
    expect((await run('appctl health')).out[0]).toMatch(/^healthy version=1\.0\.0/);
  });
  it('refuses what it cannot simulate with exit 127, before running anything', async () => {
    const r = await run('appctl install 9.9.9 && curl http://x');
    expect(r.code).toBe(127);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^ringside-sim: cannot simulate 'curl http:\/\/x' \(supported: appctl/,
    );
    expect(r.h.traffic.version).toBe('1.0.0');
    expect(checkCommand('appctl version')).toBeNull();
    expect(checkCommand('systemctl restart app')).toMatch(
      /cannot simulate 'systemctl restart app'/,
    );
  });
  it('fails rollback without a previous version and usage errors with exit 2', async () => {
    const r = await run('appctl rollback');
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/no previous version to roll back to on web-1/);
    expect((await run('appctl install')).code).toBe(2);
    expect((await run('appctl frobnicate')).code).toBe(2);
  });
  it('prints recent log lines with error signatures when asked', async () => {
    const r = await run('journalctl -u app -n 5 --no-pager');
    expect(r.out).toHaveLength(5);
    for (const l of r.out) {
      expect(l).toMatch(/^\S+Z web-1 app\[\d+\]: (INFO|ERROR) .* trace_id=[0-9a-f]{32} user=\d+$/);
    }
  });
});
