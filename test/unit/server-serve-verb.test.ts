import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { captureCliIo } from '../helpers/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'ringside-serve-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ringside</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ringside serve', () => {
  // It hung 1 run in 5 when SIGINT came while the console's log follows were still opening
  // their SSH channels: the abort went unheard (fixed in adapters/ssh/exec.ts).
  it('prints the tokenised URL on its own line, serves it, and stops on SIGINT', async () => {
    const t = captureCliIo();
    // Its own journal root: the default (~/.local/state) may hold another console's rollout.
    const journals = join(dir, 'journals');
    const running = runCli(['serve', '--demo', '--static', dir, '--journal', journals], t.io);
    while (t.out.length === 0) {
      expect(t.err.filter((l) => !l.startsWith('warning')).join('\n')).toBe('');
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = t.out[0] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(/token=.*/, 'token=wrong'))).status).toBe(403);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    // Starting and stopping the in-process demo fleet (60 SSH servers) is slow on a loaded
    // 2-core CI machine; this bounds a hang, it does not time anything.
  }, 180_000);
  it('refuses PLAN with --demo, a bad port and a missing renderer, naming the problem', async () => {
    const t = captureCliIo();
    expect(await runCli(['serve', 'plan.yaml', '--demo', '--static', dir], t.io)).toBe(2);
    expect(await runCli(['serve', '--port', 'http', '--static', dir], t.io)).toBe(2);
    expect(await runCli(['serve', '--static', join(dir, 'nope')], t.io)).toBe(2);
    expect(t.err).toEqual([
      'ringside serve: give either PLAN or --demo, not both',
      "ringside serve: --port expects 0..65535, got 'http'",
      expect.stringMatching(/no built renderer \(index.html\) in .*nope; run npm run build/),
    ]);
  });
});
