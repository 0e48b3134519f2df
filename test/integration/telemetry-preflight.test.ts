/**
 * `ringside preview --preflight`: baseline traffic measured on a simulated fleet serving the
 * plan's hosts (--sim), per-ring detectable regressions and warnings; a clear failure when
 * the real fleet cannot be reached.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const root = join(import.meta.dirname, '../..');

const run = (...argv: string[]) => runCliCaptured(argv, { cwd: root });

describe('ringside preview --preflight', () => {
  it('measures the simulated fleet and sizes each ring (text and --json)', async () => {
    const text = await run('preview', 'examples/demo.yaml', '--preflight', '--sim');
    expect(text.code).toBe(0);
    const lines = text.out.join('\n');
    expect(lines).toMatch(
      /^pre-flight: baseline traffic [\d.]+ req\/s per host, [\d.]+% errors \(measured on 50 hosts/m,
    );
    expect(lines).toMatch(
      /^ {2}ring canary: 3 hosts ~[\d.]+ req\/s vs baseline ~[\d.]+ req\/s, bake 20 s, alpha 0\.01: (detects errors from [\d.]+% to [\d.]+% \([\d.]+x\) with 80% probability|detects nothing reliably)$/m,
    );
    expect(lines).toMatch(/warning: ring global has no bake/);

    const json = await run('preview', 'examples/demo.yaml', '--preflight', '--sim', '--json');
    expect(json.code).toBe(0);
    const view = JSON.parse(json.out.join('\n')) as {
      preflight: { ok: boolean; rings: { ring: string; errors: { verdict: string } | null }[] };
    };
    expect(view.preflight.ok).toBe(true);
    // ~2 s of traffic is a noisy error-rate estimate: the 3-host canary sits near the
    // planner's 5x limit, so it may come out too small; bigger rings must not.
    const verdicts = view.preflight.rings.map((r) => [r.ring, r.errors?.verdict ?? null]);
    expect(verdicts.slice(1)).toEqual([
      ['early', 'ok'],
      ['broad', 'ok'],
      ['global', null],
    ]);
    expect(['ok', 'too-small']).toContain(verdicts[0]?.[1]);
  });

  it('fails with a clear message when the fleet cannot be reached', async () => {
    const r = await run('preview', 'examples/demo.yaml', '--preflight');
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(
      /^pre-flight: cannot measure baseline traffic: none of 50 sampled hosts answered twice through source hosts \(http:\/\/.*\.demo\.invalid:9100\/metrics: .*\); use --sim/,
    );
  });
});
