/**
 * The dress rehearsal behind `ringside run --sim`: the plan's own hosts (names, labels,
 * update domains) served by the simulated fleet in this process, and an SSH executor
 * pointed at it (addresses, ports, known_hosts and client key from the simulator).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import type { SshExecutor } from '../adapters/ssh';
import { checkCommand, startSimFleet, type SimFleet, type SimFleetOptions } from '../sim';
import { createSimExecutor, pointPlanAtSim } from './sim-executor';
import { renderStep } from './step-runner';

/** A running rehearsal. `plan` has the same hash, its hosts re-pointed at the simulator. */
export interface Rehearsal {
  readonly plan: RolloutPlan;
  readonly fleet: SimFleet;
  readonly executor: SshExecutor;
  stop(): Promise<void>;
}

/**
 * Every step command of the plan, rendered for a sample host, that the simulator cannot
 * interpret: one line each, naming the step.
 */
export function unsimulatableSteps(plan: RolloutPlan): string[] {
  const host = plan.hosts[0];
  const ring = plan.rings[0];
  if (!host || !ring) {
    return [];
  }
  const steps = [
    ...plan.deploy.steps.map((s) => ['deploy', s] as const),
    ...plan.deploy.rollback.map((s) => ['rollback', s] as const),
    ...(plan.deploy.verify ? [['verify', plan.deploy.verify] as const] : []),
  ];
  const problems: string[] = [];
  for (const [phase, step] of steps) {
    const r = renderStep(plan, {
      ring: ring.name,
      domain: ring.domains[0]?.name ?? '',
      host,
      step,
    });
    const problem = r.ok ? checkCommand(r.command) : r.message;
    if (problem !== null) {
      problems.push(`${phase} step ${step.name}: ${problem}`);
    }
  }
  return problems;
}

/** Starts the simulated fleet for `plan` and an executor that reaches it. */
export async function startRehearsal(
  plan: RolloutPlan,
  options: Omit<SimFleetOptions, 'hosts' | 'initialVersion'> = {},
): Promise<Rehearsal> {
  const fleet = await startSimFleet({
    ...options,
    hosts: plan.hosts.map((h) => ({ name: h.name, labels: h.labels })),
    initialVersion: plan.release.previous,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-rehearsal-'));
  try {
    const executor = await createSimExecutor(fleet, dir);
    return {
      plan: pointPlanAtSim(plan, fleet),
      fleet,
      executor,
      stop: async () => {
        await executor.close();
        await fleet.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await fleet.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
