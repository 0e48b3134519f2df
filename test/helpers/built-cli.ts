/**
 * The `ringside` CLI as shipped: bundled with esbuild exactly as scripts/build.mjs bundles
 * dist/cli.js (node20, ESM, packages external), for tests that `kill -9` the real program
 * (`node dist/cli.js`), not a tsx wrapper. Built once per test file.
 */
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './ringside-cli';

/** Bundles src-main/cli/bin.ts to dist/cli.js and returns its path. */
export async function buildCli(): Promise<string> {
  const outfile = path.join(REPO_ROOT, 'dist', 'cli.js');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'src-main', 'cli', 'bin.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    packages: 'external',
    logLevel: 'warning',
    format: 'esm',
    outfile,
    banner: { js: '#!/usr/bin/env node' },
  });
  chmodSync(outfile, 0o755);
  return outfile;
}
