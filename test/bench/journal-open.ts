/**
 * Part of `npm run bench:scale`: writes the 1,000,000-event journal (journal-fixture.ts), with
 * the checkpoint an engine would have left up to 50,000 records before its end, and
 * times, each in a fresh process, `ringside status JOURNAL` (open: read and replay to the
 * current state) and `ringside verify JOURNAL` (the whole hash chain), run in-process so
 * Node's start-up is not counted. Then a driver resuming it (`scale resume_1m_s=R
 * resume_rss_mb=M`). Last line: `scale open_1m_s=T verify_1m_s=V`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../helpers/cli-io';
import { createSshExecutor } from '../../src-main/adapters/ssh';
import { openRollout } from '../../src-main/runtime';
import { benchPlan, generateCheckpointedJournal } from './journal-fixture';

/** The engine checkpoints every 50,000 events: the worst tail an open replays. */
const TAIL = 50_000;

async function child(verb: string, dir: string): Promise<void> {
  if (verb === 'resume') {
    await resume(dir);
    return;
  }
  const t0 = performance.now();
  const r = await runCliCaptured([verb, dir]);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, code: r.code, last: r.out.at(-1) ?? r.err.at(-1) }));
}

/**
 * A driver resuming the rollout (`ringside run PLAN --journal DIR` after a crash): opened
 * through openRollout as `run` opens it (lock, checkpoint and tail, recover), up to the
 * engine being ready; then closed without the closing checkpoint's cost being counted.
 */
async function resume(dir: string): Promise<void> {
  const executor = createSshExecutor({
    knownHostsFiles: [],
    ringsideKnownHostsFile: path.join(dir, 'approved_hosts'),
    sshConfig: null,
    agentSocket: null,
  });
  const t0 = performance.now();
  const opened = await openRollout({ plan: benchPlan(), journalPath: dir, executor, by: 'bench' });
  const seconds = (performance.now() - t0) / 1000;
  const rssMb = process.memoryUsage().rss / 1e6;
  if (opened.ok) {
    await opened.value.close();
  }
  await executor.close();
  const last = opened.ok
    ? `resumed at ${opened.value.state().events} events`
    : opened.error.message;
  console.log(JSON.stringify({ seconds, code: opened.ok ? 0 : 2, last, rssMb }));
}

function timed(
  verb: string,
  dir: string,
): { seconds: number; code: number; last: string; rssMb?: number } {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', verb, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const last = out.stdout.trim().split('\n').pop() ?? '';
  if (out.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${verb} child failed (exit ${out.status}): ${out.stderr}`);
  }
  return JSON.parse(last) as { seconds: number; code: number; last: string; rssMb?: number };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1] ?? 'status', args[2] ?? '');
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-open-1m-'));
  try {
    mkdirSync(path.join(dir, 'journal'));
    const count = await generateCheckpointedJournal(
      path.join(dir, 'journal', 'journal.jsonl'),
      1_000_000 - TAIL,
    );
    console.log(
      `generated a journal of ${count} events, checkpoint at ${1_000_000 - TAIL} (the engine's worst tail)`,
    );
    const open = timed('status', path.join(dir, 'journal'));
    console.log(`status (open + replay): ${open.seconds.toFixed(2)} s, exit ${open.code}`);
    const verify = timed('verify', path.join(dir, 'journal'));
    console.log(`verify: ${verify.seconds.toFixed(2)} s, exit ${verify.code}: ${verify.last}`);
    // Last: a resumed driver appends (recover) and leaves a new checkpoint.
    const resumed = timed('resume', path.join(dir, 'journal'));
    console.log(
      `scale resume_1m_s=${resumed.seconds.toFixed(2)} resume_rss_mb=${(resumed.rssMb ?? 0).toFixed(0)} (${resumed.last})`,
    );
    console.log(
      `scale open_1m_s=${open.seconds.toFixed(2)} verify_1m_s=${verify.seconds.toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
