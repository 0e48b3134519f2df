import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { runCliCaptured } from '../helpers/cli-io';
import { openJournal } from '../../src-main/adapters/journal';

const planText = (
  version: string,
  bake = '100ms',
) => `release: { name: shop, version: ${version}, previous: 1.0.0 }
fleet:
  defaults: { user: deploy, port: 22 }
  hosts:
    - { name: h1, address: h1.invalid, labels: { zone: a } }
    - { name: h2, address: h2.invalid, labels: { zone: a } }
    - { name: h3, address: h3.invalid, labels: { zone: b } }
domains: { byLabel: zone }
rings:
  - { name: canary, select: { count: 1 }, bake: ${bake}, promotion: manual, budget: { perDomain: 0, ring: 0 } }
  - { name: rest, select: { rest: true }, bake: 100ms, promotion: manual, budget: { perDomain: 0, ring: 0 } }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 10s }
    - { name: health, command: appctl health, timeout: 5s, idempotent: true }
  rollback:
    - { name: revert, command: 'appctl install {{previous}}', timeout: 10s, idempotent: true }
  concurrency: 2
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'engine-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCliCaptured(argv, {
    cwd: dir,
    env: { USER: 'erin', HOME: dir },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function plan(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Starts `run` on a plan whose canary bakes 60 s, and returns once status says baking. */
async function runUntilBaking(): Promise<{
  journal: string;
  running: ReturnType<typeof cli>;
}> {
  const p = await plan('plan.yaml', planText('2.0.0', '60s'));
  const journal = path.join(dir, 'j');
  const running = cli('run', p, '--sim', '--journal', journal);
  for (let i = 0; i < 500; i++) {
    const s = await cli('status', journal, '--json');
    if (s.code === 0 && (JSON.parse(s.out) as { status: string }).status === 'baking') {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { journal, running };
}

describe('ringside run / status / promote (in-process, simulated fleet over SSH)', () => {
  it('waits for promotion (exit 3), promote journals directly, a second run resumes to the end', async () => {
    const p = await plan('plan.yaml', planText('2.0.0'));
    const journal = path.join(dir, 'j');
    const first = await cli('run', p, '--sim', '--journal', journal);
    expect(first.code, first.err).toBe(3);
    expect(first.out).toContain(`journal: ${journal}`);
    expect(first.out).toMatch(
      /^rollout created: shop 2\.0\.0 \(plan [0-9a-f]{12}\), rings canary -> rest, 3 hosts$/m,
    );
    expect(first.out).toMatch(/\[canary\] domain a 1\/1 hosts done \(h\d\), ring 1\/1, ETA/);
    expect(first.err).toContain(
      `waiting for promotion of ring canary: ringside promote ${journal}`,
    );

    const status = await cli('status', journal, '--json');
    expect(status.code).toBe(0);
    const view = JSON.parse(status.out) as { status: string; currentRing: string; driver: unknown };
    expect(view).toMatchObject({
      status: 'waiting-promotion',
      currentRing: 'canary',
      driver: null,
    });

    const promoted = await cli('promote', journal, '--reason', 'canary looks fine');
    expect(promoted.code, promoted.err).toBe(0);
    const again = await cli('promote', journal);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^ringside promote: refused: /);

    const second = await cli('run', p, '--sim', '--journal', journal, '--auto-promote');
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('finished: every ring deployed and accepted');
    expect(second.out).not.toContain('[canary] domain'); // resumed, not re-run
    expect(second.out).toMatch(
      /^resuming shop 2\.0\.0 \(plan [0-9a-f]{12}\) at ring rest: deploying, 1\/3 hosts done$/m,
    );
    const end = JSON.parse((await cli('status', journal, '--json')).out) as {
      status: string;
      progress: { done: number; total: number };
      lastEvents: { type: string }[];
    };
    expect(end).toMatchObject({ status: 'completed', progress: { done: 3, total: 3 } });
    const journalText = await readFile(path.join(journal, 'journal.jsonl'), 'utf8');
    expect(journalText).toContain('"by":"erin","note":"canary looks fine"');
  });

  it('refuses a journal from another plan, naming both hashes', async () => {
    const journal = path.join(dir, 'j');
    const a = await plan('a.yaml', planText('2.0.0'));
    const b = await plan('b.yaml', planText('2.0.1'));
    expect((await cli('run', a, '--sim', '--journal', journal)).code).toBe(3);
    const r = await cli('run', b, '--sim', '--journal', journal);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/[0-9a-f]{12}.*[0-9a-f]{12}/);
  });

  it('refuses a journal another process holds, naming the holder on one line', async () => {
    const journal = path.join(dir, 'j');
    const p = await plan('plan.yaml', planText('2.0.0'));
    const held = await openJournal(journal);
    expect(held.ok).toBe(true);
    try {
      const r = await cli('run', p, '--sim', '--journal', journal);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^ringside run: .*pid ${process.pid}`));
      expect(r.err.split('\n')).toHaveLength(1);
    } finally {
      if (held.ok) {
        await held.journal.close();
      }
    }
  });

  it('takes over a stale lock (dead holder on this host) with a one-line warning and runs', async () => {
    const journal = path.join(dir, 'j');
    const p = await plan('plan.yaml', planText('2.0.0'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(journal, { recursive: true });
    await writeFile(
      path.join(journal, 'journal.lock'),
      `${JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z', token: 'abc' })}\n`,
    );
    const r = await cli('run', p, '--sim', '--journal', journal);
    expect(r.code, r.err).toBe(3);
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^warning: took over the stale lock of pid ${dead} .*no longer running$`),
      ),
    ]);
    expect(r.err.split('\n')).toHaveLength(2); // the warning, then waiting for promotion
  });

  it('hands pause to the live run through the inbox; the run stops with exit 3', async () => {
    const { journal, running } = await runUntilBaking();
    const refused = await cli('resume', journal);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/refused: cannot resume: the rollout is baking/);
    const paused = await cli('pause', journal, '--reason', 'looking', '--by', 'frank');
    expect(paused.code, paused.err).toBe(0);
    expect(paused.out).toContain('accepted by the running rollout');
    const r = await running;
    expect(r.code).toBe(3);
    expect(r.err).toContain('paused by frank: looking');
  });

  it('halts the active ring from the CLI, as the console does: the run stops halted (exit 4)', async () => {
    const { journal, running } = await runUntilBaking();
    const bare = await cli('halt', journal);
    expect(bare.code).toBe(2);
    expect(bare.err).toBe('ringside halt: --reason TEXT is required (it is journaled)');
    const halted = await cli('halt', journal, '--reason', 'error budget burning', '--by', 'frank');
    expect(halted.code, halted.err).toBe(0);
    expect(halted.out).toContain('accepted by the running rollout');
    const r = await running;
    expect(r.code, r.err).toBe(4);
    const view = JSON.parse((await cli('status', journal, '--json')).out) as { status: string };
    expect(view.status).toBe('halted');
    const journalText = await readFile(path.join(journal, 'journal.jsonl'), 'utf8');
    expect(journalText).toMatch(
      /"type":"RingHalted"[^\n]*"reason":"halted by frank: error budget burning"/,
    );
    expect(r.err).toContain('halted by frank: error budget burning');
  });

  it('bad input: a missing plan, a step the simulator cannot run, a missing journal', async () => {
    const missing = await cli('run', path.join(dir, 'nope.yaml'), '--sim');
    expect(missing.code).toBe(2);
    const odd = await plan(
      'odd.yaml',
      planText('2.0.0').replace('appctl health', 'systemctl is-active shop'),
    );
    const r = await cli('run', odd, '--sim');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /deploy step health: ringside-sim: cannot simulate 'systemctl is-active shop'/,
    );
    const s = await cli('status', path.join(dir, 'none'));
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/no journal there/);
  });
});
