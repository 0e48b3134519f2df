/**
 * `ringside timeline DIR | head` and `ringside status DIR | head`: output to a reader that
 * closed early ends the CLI quietly, in a real child process writing into a real pipe.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src-main/adapters/journal';
import type { RolloutEvent } from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-pipe-'));
  const h = new Harness(Date.UTC(2026, 10, 29, 9, 0, 0));
  h.must({
    type: 'create',
    plan: buildPlan([
      { name: 'canary', domains: [4] },
      { name: 'global', domains: [40, 40, 40] },
    ]),
    by: 'alice',
  });
  h.must({ type: 'start', by: 'alice' });
  h.settle(() => 0);
  const opened = await openJournal<RolloutEvent>(dir);
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  await opened.journal.append(h.journal);
  await opened.journal.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the CLI with its stdout piped to a reader that closes after `keepBytes` bytes. */
function runIntoClosingReader(
  argv: string[],
  keepBytes: number,
): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/bin.ts', ...argv], {
      cwd: join(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let read = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const close = () => child.stdout.destroy();
    if (keepBytes === 0) {
      close();
    } else {
      child.stdout.on('data', (d: Buffer) => {
        read += d.length;
        if (read >= keepBytes) {
          close();
        }
      });
    }
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('CLI output into a closed pipe', () => {
  it('timeline --format md | head, the reader gone first: exits quietly', async () => {
    const r = await runIntoClosingReader(['timeline', dir, '--format', 'md'], 0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('status | head, the reader gone before the first line: exits quietly', async () => {
    const r = await runIntoClosingReader(['status', dir], 0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});
