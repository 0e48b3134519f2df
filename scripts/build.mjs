// Bundles main, preload and CLI with esbuild into dist/, and the renderer with Vite.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  packages: 'external',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src-main/cli/bin.ts' },
    format: 'esm',
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: { main: 'src-main/electron/main.ts' },
    format: 'esm',
    outdir: 'dist',
  }),
  // Sandboxed preloads must be CommonJS.
  build({
    ...common,
    entryPoints: { preload: 'src-main/electron/preload.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    outdir: 'dist',
  }),
]);
chmodSync('dist/cli.js', 0o755);
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
console.log('built dist/cli.js dist/main.js dist/preload.cjs dist/renderer/');
