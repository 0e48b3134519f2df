/**
 * One rollout of a drill plan on the simulated fleet through the real engine, with the
 * telemetry monitor, timing the first bad host and the halt. Prints nothing; returns figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuiltPlan } from '../../src-main/core/plan';
import type { RolloutState } from '../../src-main/core/rollout';
import { openRollout, type RunOptions, type RunOutcome } from '../../src-main/runtime';
import { startRehearsal, type Rehearsal } from '../../src-main/runtime/sim-rehearsal';
import { monitorForPlan } from '../../src-main/runtime/telemetry/monitor-for-plan';
import type { BadKind } from '../../src-main/sim';

/** A fleet kept across runs, with the version changes it saw. */
export interface DrillFleet {
  readonly rehearsal: Rehearsal;
  /** host -> [version, atMs] of every switch, oldest first. */
  readonly switches: { host: string; version: string; atMs: number }[];
  stop(): Promise<void>;
}

/** Starts the simulated fleet for a plan (kept for several runs). */
export async function startDrillFleet(
  built: BuiltPlan,
  o: { seed: number; badKind?: BadKind; rpsOf?: (host: string) => number },
): Promise<DrillFleet> {
  const switches: DrillFleet['switches'] = [];
  const rehearsal = await startRehearsal(built.plan, {
    latencyScale: 0.05,
    seed: o.seed,
    profiles: { badKind: o.badKind ?? 'errors' },
    onVersionChange: (host, version, atMs) => switches.push({ host, version, atMs }),
  });
  if (o.rpsOf) {
    for (const h of built.plan.hosts) {
      rehearsal.fleet.setRps(h.name, o.rpsOf(h.name));
    }
  }
  return { rehearsal, switches, stop: () => rehearsal.stop() };
}

/** What one rollout did. */
export interface DrillRun {
  readonly outcomes: RunOutcome[];
  readonly state: RolloutState;
  readonly haltAt: number | null;
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Runs the plan's rollout from a fresh journal. `telemetry` is the plan whose telemetry
 * section the monitor reads (it may differ from the fleet's plan only in its sources).
 * `steps` are run() calls; between two, the waiting ring is promoted.
 */
export async function runRollout(
  fleet: DrillFleet,
  telemetry: BuiltPlan,
  steps: readonly RunOptions[],
): Promise<DrillRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-drill-'));
  const monitor = monitorForPlan(telemetry, {
    aws: null,
    sim: fleet.rehearsal.fleet,
    plan: fleet.rehearsal.plan,
    clock: Date.now,
  });
  const opened = await openRollout({
    plan: fleet.rehearsal.plan,
    journalPath: dir,
    executor: fleet.rehearsal.executor,
    gateMonitor: monitor,
    gateIntervalMs: 1000,
    by: 'drill',
  });
  if (!opened.ok) {
    throw new Error(`drill: ${opened.error.message}`);
  }
  const engine = opened.value;
  let haltAt: number | null = null;
  engine.subscribe((e) => {
    if (e.type === 'journaled') {
      for (const ev of e.events) {
        if (ev.type === 'RingHalted' && haltAt === null) {
          haltAt = ev.at;
        }
        if (process.env['DRILL_VERBOSE'] === '1' && ev.type === 'GateEvaluated') {
          console.log(
            `  ${new Date(ev.at).toISOString().slice(11, 23)} ${ev.ring ?? 'platform'} ${ev.gate} ${ev.outcome}: ${String(ev.evidence['reason'])}`,
          );
        }
      }
    }
  });
  const startedAt = Date.now();
  const outcomes: RunOutcome[] = [];
  try {
    for (const [i, step] of steps.entries()) {
      if (i > 0) {
        const last = outcomes[outcomes.length - 1];
        if (last?.kind !== 'waiting-promotion') {
          break;
        }
        const p = await engine.promote('drill', { note: 'drill: next ring' });
        if (!p.ok) {
          break;
        }
      }
      outcomes.push(await engine.run(step));
    }
    return { outcomes, state: engine.state(), haltAt, startedAt, endedAt: Date.now() };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Puts every host back on `version` (between runs of the good drill). */
export function resetFleet(fleet: DrillFleet, version: string): void {
  for (const h of fleet.rehearsal.plan.hosts) {
    if (fleet.rehearsal.fleet.state(h.name)?.version !== version) {
      fleet.rehearsal.fleet.setVersion(h.name, version);
    }
  }
}
