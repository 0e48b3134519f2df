/**
 * The layer rules of eslint.config.js, checked by linting a tiny fixture per layer: a file
 * placed in src-main/<layer>/ (and one folder deeper) that imports another layer. A forbidden
 * import must be an error and an allowed one must lint clean, so removing or relaxing a rule
 * (or banning a legitimate import) fails here. The table is written out again on purpose: it
 * is DESIGN.md's "The house", not a copy of the config.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ALLOWS: Record<string, readonly string[]> = {
  core: [],
  adapters: ['core'],
  sim: ['core'],
  runtime: ['core', 'adapters', 'sim'],
  app: ['core', 'adapters', 'sim', 'runtime'],
  electron: ['core', 'adapters', 'sim', 'runtime', 'app'],
  server: ['core', 'adapters', 'sim', 'runtime', 'app'],
  cli: ['core', 'adapters', 'sim', 'runtime', 'app', 'server'],
};
const LAYERS = Object.keys(ALLOWS);
const root = path.resolve(import.meta.dirname, '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages for `code` linted as if it were `file`. */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal)
    .map((m) => m.message);
}

const fixture = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;

describe('every layer of src-main imports only the layers below it', () => {
  for (const layer of LAYERS) {
    it(`${layer}/`, async () => {
      for (const other of [...LAYERS.filter((l) => l !== layer), 'src-renderer']) {
        const allowed = ALLOWS[layer]!.includes(other);
        const cases: [string, string][] = [
          [`src-main/${layer}/layer-fixture.ts`, `../${other}`],
          [`src-main/${layer}/layer-fixture.ts`, `../${other}/index`],
          [`src-main/${layer}/deeper/layer-fixture.ts`, `../../${other}/some/module`],
        ];
        for (const [file, spec] of cases) {
          const messages = await restricted(file, fixture(spec));
          expect({ file, spec, forbidden: messages.length > 0 }).toEqual({
            file,
            spec,
            forbidden: !allowed,
          });
        }
      }
    });
  }

  it('a layer may import itself, and the npm package electron is not the electron/ layer', async () => {
    expect(await restricted('src-main/runtime/a/fixture.ts', fixture('../b'))).toEqual([]);
    expect(await restricted('src-main/app/fixture.ts', fixture('electron'))).toEqual([]);
  });

  it('core/ stays pure outside its tests; its tests still may not import upward', async () => {
    expect(await restricted('src-main/core/fixture.ts', fixture('node:fs'))).not.toEqual([]);
    expect(await restricted('src-main/core/fixture.ts', fixture('ssh2'))).not.toEqual([]);
    expect(await restricted('src-main/core/x.test.ts', fixture('node:fs'))).toEqual([]);
    expect(await restricted('src-main/core/x.test.ts', fixture('../runtime'))).not.toEqual([]);
  });
});
