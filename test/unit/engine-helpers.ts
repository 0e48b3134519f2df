/**
 * Shared setup of the engine tests: a plan rehearsed on the simulated fleet over real SSH
 * (ssh2 client against ssh2 servers on 127.0.0.1), a temp journal, and event recording.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RolloutPlan } from '../../src-main/core/model/plan';
import type { ExecRecord } from '../../src-main/sim';
import type { SshExecutor } from '../../src-main/adapters/ssh';
import { openRollout, type EngineEvent, type RolloutEngine } from '../../src-main/runtime';
import type { GateMonitor } from '../../src-main/runtime/gate-monitor';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';

export interface EngineRig {
  readonly rehearsal: Rehearsal;
  readonly journalDir: string;
  readonly events: EngineEvent[];
  open(o?: { executor?: SshExecutor; gateMonitor?: GateMonitor }): Promise<RolloutEngine>;
  /** Exec records of one host for commands containing `needle`, oldest first. */
  execs(host: string, needle: string): ExecRecord[];
  stop(): Promise<void>;
}

/** Starts a rehearsal of `plan` with fast simulated latencies. */
export async function engineRig(plan: RolloutPlan): Promise<EngineRig> {
  const rehearsal = await startRehearsal(plan, { latencyScale: 0.02, seed: 3 });
  const journalDir = await mkdtemp(path.join(tmpdir(), 'engine-test-'));
  const events: EngineEvent[] = [];
  const engines: RolloutEngine[] = [];
  return {
    rehearsal,
    journalDir,
    events,
    async open(o = {}) {
      const r = await openRollout({
        plan: rehearsal.plan,
        journalPath: journalDir,
        executor: o.executor ?? rehearsal.executor,
        gateIntervalMs: 50,
        by: 'tester',
        ...(o.gateMonitor ? { gateMonitor: o.gateMonitor } : {}),
      });
      if (!r.ok) {
        throw new Error(`openRollout: ${r.error.message}`);
      }
      r.value.subscribe((e) => events.push(e));
      engines.push(r.value);
      return r.value;
    },
    execs(host, needle) {
      return (rehearsal.fleet.state(host)?.execLog ?? []).filter((x) => x.command.includes(needle));
    },
    async stop() {
      for (const e of engines) {
        await e.close();
      }
      await rehearsal.stop();
      await rm(journalDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `cond` holds, polling; fails the test with `what` after a generous limit. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (cond()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}
