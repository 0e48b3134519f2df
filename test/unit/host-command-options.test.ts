/**
 * Commands Ringside itself builds for hosts (not the plan's templates) never let a value
 * become an option: a log path or unit starting with `-` reaches the program as an operand.
 * Run against a real `sh` and the real `tail`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { followCommand } from '../../src-main/adapters/telemetry/logs';

/** Runs `command` under sh with `shim` defined first; resolves with stdout. */
function sh(command: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

/** The words a program receives, as sh splits the command (the program is a shell function). */
async function argv(program: string, command: string): Promise<string[]> {
  const out = await sh(`${program}() { printf '%s\\n' "$@"; }; ${command}`, tmpdir());
  return out.split('\n').slice(0, -1);
}

describe('log follow commands pass paths and units as operands, never options', () => {
  it('puts -- before a file path, so "-" paths are files', async () => {
    const words = await argv('tail', followCommand({ kind: 'file', path: '-c 1 /etc/passwd' }));
    expect(words).toEqual(['-n', '0', '-F', '--', '-c 1 /etc/passwd']);
  });

  it('glues the unit to its option, so a "-" unit is a unit name', async () => {
    const words = await argv('journalctl', followCommand({ kind: 'journal', unit: '--since=-1y' }));
    expect(words.at(-1)).toBe('--unit=--since=-1y');
    expect(words.filter((w) => w.startsWith('--since'))).toEqual([]);
  });

  it('the real tail follows a file named --version instead of printing its version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringside-tail-'));
    const command = followCommand({ kind: 'file', path: '--version' });
    const seen = await new Promise<string>((resolve, reject) => {
      const child = spawn('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      const look = (b: Buffer): void => {
        text += b.toString();
        // Either tail printed its version (the path was an option) or it looked for the file.
        if (/coreutils|cannot open/.test(text)) {
          child.kill();
          resolve(text);
        }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(seen).toMatch(/cannot open '--version'/);
    expect(seen).not.toMatch(/coreutils/);
  });
});
