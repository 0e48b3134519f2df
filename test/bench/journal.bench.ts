/**
 * Journal benchmark: durable appends per second (one by one, and concurrent with group
 * commit), then replay of a 1,000,000-event journal through the rollout core's `replay`
 * (in-place `evolve`), timed in a fresh child process so peak RSS is the replay's own.
 * Prints figures only; asserts nothing about time.
 *
 *   npm run bench:journal            (tsx test/bench/journal.bench.ts)
 *
 * Last line: `journal append_per_s=X replay_1m_s=Y peak_mb=Z` where X is sequential
 * single-event appends, each awaited until fdatasync'd (the conservative figure).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal, replayJournal, type Journal } from '../../src-main/adapters/journal';
import {
  replayStart,
  replayStep,
  type RolloutEvent,
  type RolloutState,
} from '../../src-main/core/rollout';
import { generateJournal, HOSTS, STEPS } from './journal-fixture';

const BASE_AT = Date.UTC(2026, 0, 1);
const ZONES = 10;

function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

async function openBenchJournal(dir: string): Promise<Journal<RolloutEvent>> {
  const opened = await openJournal<RolloutEvent>(dir);
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  return opened.journal;
}

function stepEvent(n: number): RolloutEvent {
  return {
    type: 'HostStepSucceeded',
    at: BASE_AT + n,
    ring: 'broad',
    domain: `zone-${n % ZONES}`,
    host: `web-${n}`,
    step: 'install',
    phase: 'deploy',
    attempt: 1,
    exitCode: 0,
    durationMs: 1200 + (n % 700),
    tail: [`installed app 2.4.1 on web-${n}`],
  };
}

/** Each append awaited before the next: one fdatasync per event. */
async function sequentialAppends(dir: string, maxCount: number, maxMs: number) {
  const j = await openBenchJournal(join(dir, 'seq'));
  const t0 = performance.now();
  let n = 0;
  while (n < maxCount && performance.now() - t0 < maxMs) {
    await j.append([stepEvent(n)]);
    n += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  const syncs = j.syncs;
  await j.close();
  return { count: n, perSecond: n / seconds, syncs };
}

/** `workers` loops appending one event each, as an engine driving many hosts would. */
async function concurrentAppends(dir: string, workers: number, maxCount: number, maxMs: number) {
  const j = await openBenchJournal(join(dir, 'group'));
  const t0 = performance.now();
  let n = 0;
  const worker = async (): Promise<void> => {
    while (n < maxCount && performance.now() - t0 < maxMs) {
      n += 1;
      await j.append([stepEvent(n)]);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const syncs = j.syncs;
  await j.close();
  return { count: n, perSecond: n / seconds, syncs };
}

/** Child mode: time one replay and print its figures as JSON. */
async function replayChild(mode: string, file: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  let events = 0;
  let summary = '';
  if (mode === 'evolve') {
    // Streamed straight into the core's in-place reducer: memory stays at the state's size.
    const replayed = await replayJournal<RolloutEvent, RolloutState>(
      file,
      replayStep,
      replayStart(),
    );
    if (!replayed.ok) {
      throw new Error(replayed.error.message);
    }
    const state = replayed.state;
    events = state.events;
    const done = Object.values(state.hosts).filter((h) => h.status === 'done').length;
    summary = `streamed load + core replayStep; state: ${state.status}, rings ${state.rings.map((r) => r.status).join('/')}, hosts done ${done}`;
  } else {
    // Streaming fold: what the journal itself costs, with memory flat.
    const folded = await replayJournal<RolloutEvent, number>(file, (n) => n + 1, 0);
    if (!folded.ok) {
      throw new Error(folded.error.message);
    }
    events = folded.state;
    summary = 'trivial counting reducer, streamed';
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  console.log(JSON.stringify({ events, seconds, peakMb: mb(maxRss), summary }));
}

function runReplayChild(mode: 'evolve' | 'fold', file: string) {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--replay', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) {
    throw new Error(`replay child (${mode}) failed: ${out.stderr}`);
  }
  const last = out.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as { events: number; seconds: number; peakMb: number; summary: string };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--replay') {
    await replayChild(args[1] ?? 'evolve', args[2] ?? '');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ringside-journal-bench-'));
  try {
    const seq = await sequentialAppends(dir, 5_000, 5_000);
    console.log(
      `sequential appends (1 event, awaited, fdatasync each): ${seq.count} in ${(seq.count / seq.perSecond).toFixed(2)} s = ${Math.round(seq.perSecond)}/s (${seq.syncs} fsyncs)`,
    );
    const group = await concurrentAppends(dir, 64, 50_000, 5_000);
    console.log(
      `concurrent appends (64 writers, group commit): ${group.count} in ${(group.count / group.perSecond).toFixed(2)} s = ${Math.round(group.perSecond)}/s (${group.syncs} fsyncs, ${(group.count / group.syncs).toFixed(1)} events/fsync)`,
    );

    const file = join(dir, 'replay', 'journal.jsonl');
    mkdirSync(join(dir, 'replay'));
    const t0 = performance.now();
    const count = generateJournal(file);
    console.log(
      `generated ${count} events (${HOSTS} hosts x ${STEPS.length} steps), ${mb(statSync(file).size)} MB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const fold = runReplayChild('fold', file);
    console.log(
      `replay, streamed fold: ${fold.events} events in ${fold.seconds.toFixed(2)} s, peak ${fold.peakMb} MB (${fold.summary})`,
    );
    const evolve = runReplayChild('evolve', file);
    console.log(
      `replay, load + core replay/evolve: ${evolve.events} events in ${evolve.seconds.toFixed(2)} s, peak ${evolve.peakMb} MB (${evolve.summary})`,
    );
    console.log(
      `journal append_per_s=${Math.round(seq.perSecond)} replay_1m_s=${evolve.seconds.toFixed(2)} peak_mb=${evolve.peakMb}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
