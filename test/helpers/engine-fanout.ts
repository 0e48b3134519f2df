/**
 * One no-op step over a fleet through the real rollout engine (journal, fsync, decide,
 * bookkeeping included), as `ringside run` drives it: a plan with one ring, one update
 * domain, step `true`, concurrency N. Used by the fan-out benchmark for the Ringside figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createSshExecutor, type SshExecutorOptions } from '../../src-main/adapters/ssh';
import type { Host } from '../../src-main/core/model/host';
import type { RolloutPlan } from '../../src-main/core/model/plan';
import { planFromText } from '../../src-main/core/plan';
import { openRollout } from '../../src-main/runtime';

/** How one engine fan-out went; times in seconds from engine start. */
export interface EngineFanoutRun {
  /** Hosts whose step succeeded (from the engine's final state). */
  readonly ok: number;
  /** openRollout (lock, journal created, plan journaled) to the run's end. */
  readonly seconds: number;
  /** Of which: opening the journal and journaling the plan. */
  readonly openSeconds: number;
  readonly outcome: string;
  /** Journal size at the end. */
  readonly journalEvents: number;
}

/** The single-ring, single-domain, one-step plan for `hosts`. */
export function noopPlan(hosts: readonly Host[], concurrency: number): RolloutPlan {
  const doc = {
    release: { name: 'bench', version: '1', previous: '0' },
    fleet: {
      hosts: hosts.map((h) => ({
        name: h.name,
        address: h.address,
        port: h.port,
        ...(h.user !== undefined ? { user: h.user } : {}),
        ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
      })),
    },
    domains: { count: 1 },
    rings: [
      {
        name: 'all',
        select: { rest: true },
        bake: '0s',
        promotion: 'auto',
        budget: { perDomain: 0, ring: 0 },
      },
    ],
    deploy: {
      steps: [{ name: 'noop', command: 'true', timeout: '30s', idempotent: true }],
      concurrency,
      parallelDomains: 1,
    },
  };
  const built = planFromText(YAML.stringify(doc), 'bench-plan.yaml');
  if (!built.ok) {
    throw new Error(
      `bench plan invalid: ${built.error.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`,
    );
  }
  return built.value.plan;
}

/**
 * Runs the plan through a fresh engine and a fresh (cold) executor; the journal goes to a
 * temp dir removed afterwards. `ssh` overrides the executor options (known_hosts etc.).
 */
export async function runEngineFanout(
  plan: RolloutPlan,
  ssh: SshExecutorOptions,
): Promise<EngineFanoutRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-bench-journal-'));
  const executor = createSshExecutor(ssh);
  try {
    const started = process.hrtime.bigint();
    const opened = await openRollout({ plan, journalPath: dir, executor, by: 'bench' });
    if (!opened.ok) {
      throw new Error(`bench: openRollout: ${opened.error.message}`);
    }
    const openSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const engine = opened.value;
    const outcome = await engine.run({ until: 'end', autoPromote: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const state = engine.state();
    await engine.close();
    const ok = Object.values(state.hosts).filter((h) => h.completedSteps.includes('noop')).length;
    return { ok, seconds, openSeconds, outcome: outcome.kind, journalEvents: state.events };
  } finally {
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
