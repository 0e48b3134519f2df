/**
 * The README is executable documentation: every `ringside VERB --flag` its command blocks
 * show must be a verb whose `--help` lists that flag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** `ringside` invocations in the README's sh blocks: verb(s) and the flags shown. */
function documentedCommands(): { line: string; verbs: string[]; flags: string[] }[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => {
      const m = /(?<![\w/.-])ringside\s+([a-z|-]+)(.*)$/.exec(line);
      if (!m) {
        return [];
      }
      const flags = [...(m[2] ?? '').matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map(
        (f) => f[1] ?? '',
      );
      return [{ line: line.trim(), verbs: (m[1] ?? '').split('|'), flags }];
    });
}

describe('README command blocks', () => {
  const commands = documentedCommands();

  it('show the CLI (so this test checks something)', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.map((c) => c.verbs).flat()).toContain('verify');
  });

  it('use only verbs and flags each verb --help lists', async () => {
    const problems: string[] = [];
    for (const c of commands) {
      for (const verb of c.verbs) {
        const help = await runCliCaptured([verb, '--help']);
        const usage = help.out.join('\n');
        if (help.code !== 0 || usage.startsWith('ringside — ')) {
          problems.push(`${c.line}: no verb '${verb}'`);
          continue;
        }
        for (const flag of c.flags) {
          if (!new RegExp(`${flag}(?![\\w-])`).test(usage)) {
            problems.push(`${c.line}: ringside ${verb} --help does not list ${flag}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
