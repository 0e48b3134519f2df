/**
 * The install story: `npm ci` must not depend on Electron's binary download (electron is an
 * optional dependency, and electron-builder gets its version from its config), `npm start`
 * without the binary says how to get it in one line, and `npm test` first makes sure of the
 * system programs the tests use (one list, also used by .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ringside-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

describe('npm ci without the Electron binary', () => {
  it('has electron as an optional dependency, its version also in electron-builder.yml', () => {
    expect(pkg.devDependencies.electron).toBeUndefined();
    const version = pkg.optionalDependencies?.electron;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(
      new RegExp(`^electronVersion: ${version?.replace(/\./g, '\\.')}$`, 'm'),
    );
  });

  it("pins an electron whose engines accept the project's Node (npm skips an optional package that declares a newer Node, and its types with it)", () => {
    // Found by a fresh clone: electron 41.10 declares node >= 22.12, so on Node 20 npm ci
    // silently left it out and the Electron shell no longer type-checked.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } }>;
    };
    const entry = lock.packages['node_modules/electron'];
    expect(entry?.version).toBe(pkg.optionalDependencies?.electron);
    const needs = /^>=\s*(\d+)\.(\d+)/.exec(entry?.engines?.node ?? '>= 0.0');
    const ours = /^>=\s*(\d+)\.(\d+)/.exec(
      (
        JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
          engines: { node: string };
        }
      ).engines.node,
    );
    const n = (m: RegExpExecArray | null) => Number(m?.[1] ?? 0) * 1000 + Number(m?.[2] ?? 0);
    expect(n(needs)).toBeLessThanOrEqual(n(ours));
  });

  it('npm start without Electron says how to get it, in one line', () => {
    // A copy of the start script where no electron package can be found.
    const dir = join(scratch, 'no-electron', 'scripts');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, 'scripts', 'start-electron.mjs'), join(dir, 'start-electron.mjs'));
    const r = spawnSync(process.execPath, [join(dir, 'start-electron.mjs')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      "ringside: Electron's binary is not installed (its download failed or was skipped); get it with `npm install electron` on a machine that can reach its download, or use the browser console: npm run console",
    ]);
    expect(pkg.scripts.start).toBe('npm run build && node scripts/start-electron.mjs');
  });
});

describe('npm test makes sure of the system programs first', () => {
  it('runs scripts/ensure-test-tools.sh before the tests, and so does .ci/run', () => {
    expect(pkg.scripts.pretest).toBe('bash scripts/ensure-test-tools.sh');
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('bash scripts/ensure-test-tools.sh');
    expect(ci).not.toMatch(/apt-get install/);
  });

  it('as a user, prints the one command that installs what is missing and exits 1', () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    // Not root, and none of the programs on PATH or under the tools root.
    writeFileSync(join(bin, 'id'), '#!/bin/sh\necho 1000\n', { mode: 0o755 });
    const r = spawnSync('/bin/bash', [join(root, 'scripts', 'ensure-test-tools.sh')], {
      encoding: 'utf8',
      env: { PATH: bin, RINGSIDE_TOOLS_ROOT: join(scratch, 'empty') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'ensure-test-tools: the tests need openssh-server openssh-client prometheus chromium xvfb ansible-core python3-prometheus-client postgresql; install them with:',
      '  sudo apt-get update && sudo apt-get install -y --no-install-recommends openssh-server openssh-client prometheus chromium xvfb ansible-core python3-prometheus-client postgresql',
    ]);
  });

  it('passes quietly when every program is there', () => {
    const r = spawnSync('/bin/bash', [join(root, 'scripts', 'ensure-test-tools.sh')], {
      encoding: 'utf8',
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});
