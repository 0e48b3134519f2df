import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCommand, type TemplateVars } from '../../src-main/core/template';

/**
 * Issue 10: template values must reach the host as data in every shell context. Each context
 * writes what the shell made of the value to ./out; a hostile value that ran a command leaves
 * ./TRIPWIRE behind. Run against the real dash (/bin/sh) and bash.
 */

const SHELLS = ['/bin/sh', '/bin/bash'] as const;

interface Context {
  readonly name: string;
  readonly template: string;
  /** What ./out must hold for value `v`. */
  readonly expected: (v: string) => string;
}

const CONTEXTS: readonly Context[] = [
  { name: 'bare word', template: 'printf %s {{x}} > out', expected: (v) => v },
  { name: 'double quotes', template: 'printf %s "v={{x}}." > out', expected: (v) => `v=${v}.` },
  { name: 'mid-word', template: 'printf %s a{{x}}b > out', expected: (v) => `a${v}b` },
  { name: '--opt=', template: 'printf %s --opt={{x}} > out', expected: (v) => `--opt=${v}` },
  {
    name: 'unquoted heredoc',
    template: 'cat > out <<EOF\nvalue: {{x}}\n\\$ stays\nEOF',
    expected: (v) => `value: ${v}\n$ stays\n`,
  },
  {
    name: 'nested shell, value as positional',
    template: `sh -c 'printf %s "$1" > out' sh {{x}}`,
    expected: (v) => v,
  },
  {
    name: 'printf with a double-quoted whole word',
    template: `printf '%s\\n' "{{x}}" > out`,
    expected: (v) => `${v}\n`,
  },
  {
    name: 'assignment before a command',
    template: `X={{x}} sh -c 'printf %s "$X" > out'`,
    expected: (v) => v,
  },
  {
    name: 'command substitution',
    template: 'printf %s "$(printf %s {{x}})" > out',
    expected: (v) => v.replace(/\n+$/, ''),
  },
  {
    name: 'case pattern',
    template: 'case {{x}} in {{x}}) printf match > out;; *) printf no > out;; esac',
    expected: () => 'match',
  },
  {
    name: 'for list',
    template: 'for v in {{x}}; do printf %s "$v" >> out; done',
    expected: (v) => v,
  },
  {
    name: 'export',
    template: 'export V={{x}}; sh -c \'printf %s "$V"\' > out',
    expected: (v) => v,
  },
];

const HOSTILE = [
  '$(touch TRIPWIRE)',
  '`touch TRIPWIRE`',
  "'$(touch TRIPWIRE)'",
  '"$(touch TRIPWIRE)"',
  "'; touch TRIPWIRE; '",
  '"; touch TRIPWIRE; "',
  '\\$(touch TRIPWIRE)',
  ';touch TRIPWIRE',
  '\ntouch TRIPWIRE\n',
  'EOF\ntouch TRIPWIRE\nEOF',
  '-oProxyCommand=touch TRIPWIRE',
  '*',
  '\\',
  '$IFS',
  '${IFS}',
  '$((1+1))',
  '|touch TRIPWIRE',
  '&touch TRIPWIRE&',
  ') touch TRIPWIRE;;',
  "O'Brien rack 7",
  'Zürich — 東京 🙂',
  '$HOME',
  '\u202etxt.exe',
  ' leading and trailing ',
  '',
];

const fragment = fc.constantFrom(
  ...HOSTILE,
  "'",
  '"',
  '`',
  '$',
  '(',
  ')',
  '{',
  '}',
  '\n',
  ' ',
  '-',
);
const value = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
/** No NUL (refused by design) and no lone surrogate (not encodable as UTF-8 for the shell). */
const wellFormed = (s: string): boolean =>
  !s.includes('\u0000') &&
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const vars = (x: string): TemplateVars => ({
  version: '1.0.0',
  previous: '0.9.0',
  host: { name: 'h', address: '127.0.0.1', labels: { x } },
});

const root = mkdtempSync(join(tmpdir(), 'ringside-tripwire-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

/** Runs `command` in a fresh directory; returns ./out and whether ./TRIPWIRE appeared. */
function runIn(shell: string, command: string): { out: string | null; tripped: boolean } {
  const dir = mkdtempSync(join(root, 'c-'));
  runs++;
  const r = spawnSync(shell, ['-c', command], { cwd: dir, encoding: 'utf8', timeout: 5000 });
  if (r.error) {
    throw r.error;
  }
  const out = existsSync(join(dir, 'out')) ? readFileSync(join(dir, 'out'), 'utf8') : null;
  const tripped = existsSync(join(dir, 'TRIPWIRE'));
  rmSync(dir, { recursive: true, force: true });
  return { out, tripped };
}

describe('template values through every shell context, in dash and bash', () => {
  for (const ctx of CONTEXTS) {
    it(`${ctx.name}: no value runs a command; every accepted value arrives byte for byte`, () => {
      const template = ctx.template.replaceAll('{{x}}', '{{host.labels.x}}');
      fc.assert(
        fc.property(value.filter(wellFormed), (v) => {
          const r = renderCommand(template, vars(v));
          if (!r.ok) {
            // The only refusal of these safe contexts: an option-like whole-word value.
            expect(r.error.kind).toBe('option-like');
            expect(v.startsWith('-')).toBe(true);
            return;
          }
          for (const shell of SHELLS) {
            const got = runIn(shell, r.command);
            expect(got.tripped, `${shell}: ${r.command}`).toBe(false);
            expect(got.out, `${shell}: ${r.command}`).toBe(ctx.expected(v));
          }
        }),
        { numRuns: 40, examples: HOSTILE.map((h) => [h]) },
      );
    });
  }

  it('ran enough shells to mean something', () => {
    // 12 contexts x (40 runs + the fixed hostile set) x 2 shells, less option-like refusals.
    expect(runs).toBeGreaterThan(12 * 40);
  });
});

describe('dangerous contexts are refused, whatever the value', () => {
  const refused = [
    `sudo -u app sh -c "appctl install {{version}} --tag {{x}}"`,
    `sh -c 'appctl {{x}}'`,
    `bash -c "appctl {{x}}"`,
    `sudo sh -ec "appctl {{x}}"`,
    `timeout 5 dash -c "appctl {{x}}"`,
    `echo '{{x}}'`,
    `cat > f <<'EOF'\n{{x}}\nEOF`,
    `cat > f <<"EOF"\n{{x}}\nEOF`,
    `su app -c "appctl {{x}}"`,
    `eval appctl {{x}}`,
    `ssh other appctl {{x}}`,
    `echo {{x}} | sh`,
    `echo {{x}} | sudo bash 2>/dev/null`,
    `sh <<EOF\nappctl {{x}}\nEOF`,
    `bash <<< {{x}}`,
    'echo `echo {{x}}`',
    'echo $(( {{x}} + 1 ))',
    '[[ {{x}} -eq 1 ]]',
    'echo ${FOO:-{{x}}}',
    'echo \\{{x}}',
    'echo "${{x}}"',
    `python3 -c "print({{x}})"`,
    `awk "BEGIN { print {{x}} }"`,
    `find . -exec sh -c "echo {{x}}" \\;`,
    `sh -c "$(echo {{x}})"`,
    'a[{{x}}]=1',
    'X={{x}}; eval "printf %s $X"',
    'export V={{x}}; sh -c "echo ${V}"',
  ];
  for (const template of refused) {
    it(`refuses ${JSON.stringify(template)}`, () => {
      const t = template.replaceAll('{{x}}', '{{host.labels.x}}');
      const r = renderCommand(t, vars('$(touch TRIPWIRE)'));
      expect(r.ok ? 'rendered' : r.error.kind).toBe('unsafe-context');
    });
  }

  it('the issue example: refused, the message names the placeholder and the safe form', () => {
    const r = renderCommand(
      'sudo -u app sh -c "appctl install {{version}} --tag {{host.labels.evil}}"',
      { ...vars('x'), host: { name: 'h', address: 'a', labels: { evil: '$(touch /tmp/x)' } } },
    );
    expect(r.ok ? '' : r.message).toBe(
      `template variable '{{version}}' cannot be used here: it is inside the script of 'sh -c', which a second shell parses: pass it as an argument instead, e.g. sh -c 'appctl install "$1"' sh {{version}} (offset 34)`,
    );
  });

  it('accepts values starting with - after a -- word', () => {
    const r = renderCommand('printf %s -- {{host.labels.x}}', vars('-rf'));
    expect(r.ok).toBe(true);
  });
});
