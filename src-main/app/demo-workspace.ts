/**
 * The embedded demo workspace: the demo plan (60 hosts, 3 regions, 4 rings) served by the
 * simulated fleet in this process, with two releases ready — a good one and a bad one whose
 * canary fails its gates (the simulator makes any version containing "bad" unhealthy).
 * The fleet lives in this process, so a console restart starts a new one; before a journaled
 * rollout resumes, each host is put back on the version the journal records (demo-restore.ts).
 */
import { createSimExecutor, pointPlanAtSim } from '../runtime/sim-executor';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import { planFromText } from '../core/plan';
import { startSimFleet, type SimFleet } from '../sim';
import { demoLogSpec, followRingLogs } from './ring-logs';
import { simVersionsFromJournal } from './demo-restore';
import { DEMO_PLAN_YAML } from './demo-plan-text';
import { describePlanErrors, type Workspace } from './workspace';

/** The demo's good release (the plan's own version). */
export const DEMO_GOOD_RELEASE = '2.4.0';
/** The demo's bad release: its canary fails the error-rate gates. */
export const DEMO_BAD_RELEASE = '2.4.1-bad';

/** Knobs for tests and drills; the defaults are what a newcomer sees. */
export interface DemoOptions {
  /** Hosts left out of known_hosts, so their key waits for an operator's approval. */
  readonly untrustedHosts?: (plan: RolloutPlan) => readonly string[];
  /** Scales simulated step latencies (default 1). */
  readonly latencyScale?: number;
  /** Seed of the simulated fleet (default 1). */
  readonly seed?: number;
  /** Requests per second each simulated host serves (default 20); more traffic, faster gates. */
  readonly rps?: number;
}

/** Starts the simulated fleet and returns the demo workspace on it. */
export async function openDemoWorkspace(options: DemoOptions = {}): Promise<Workspace> {
  const parsed = planFromText(DEMO_PLAN_YAML, 'demo.yaml');
  if (!parsed.ok) {
    // The embedded plan is tested against examples/demo.yaml; failing here is a bug.
    throw new Error(`the embedded demo plan is invalid:\n${describePlanErrors(parsed.error)}`);
  }
  const base = parsed.value.plan;
  const fleet: SimFleet = await startSimFleet({
    hosts: base.hosts.map((h) => ({ name: h.name, labels: h.labels })),
    initialVersion: base.release.previous,
    latencyScale: options.latencyScale ?? 1,
    seed: options.seed ?? 1,
    ...(options.rps !== undefined ? { rps: options.rps } : {}),
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-demo-'));
  try {
    const untrusted = new Set(options.untrustedHosts?.(base) ?? []);
    const trusted = fleet.hosts.filter((h) => !untrusted.has(h.name));
    // The same way onto the simulated fleet as `ringside run --sim`.
    const executor = await createSimExecutor(fleet, dir, untrusted);
    const plan: RolloutPlan = pointPlanAtSim(base, fleet);
    const approved = new Map(trusted.map((h) => [h.name, h.hostKeyFingerprint]));
    return {
      name: 'demo',
      source: { kind: 'demo' },
      built: { ...parsed.value, plan },
      executor,
      sim: fleet,
      releases: [DEMO_GOOD_RELEASE, DEMO_BAD_RELEASE],
      followLogs: (onLine) =>
        followRingLogs(plan, executor, demoLogSpec, (h) => !untrusted.has(h), Date.now, onLine),
      previousVersion: () => mostCommonVersion(fleet, base) ?? base.release.previous,
      keyType: (host) => fleet.currentHostKey(host).split(' ')[0] ?? 'unknown',
      connections: (prometheusUrls) => ({
        identities: [{ name: 'demo client key', path: fleet.clientKey.path, encrypted: false }],
        knownHosts: [...approved].map(([host, fingerprint]) => ({
          host,
          keyType: 'ssh-ed25519',
          fingerprint,
        })),
        prometheusUrls: [...prometheusUrls],
        cloudAccounts: [],
      }),
      trusted: (host, fingerprint) => {
        approved.set(host, fingerprint);
      },
      resuming: (rollout, events) => {
        for (const [host, version] of simVersionsFromJournal(rollout, events)) {
          fleet.setVersion(host, version);
        }
      },
      close: async () => {
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

/**
 * The version most hosts run now: a rollout rolls back to what the fleet ran before it
 * (after the good release, the bad one rolls back to the good one, not to the plan's
 * original previous version). Bad versions never count as a rollback target.
 */
function mostCommonVersion(fleet: SimFleet, plan: RolloutPlan): string | null {
  const counts = new Map<string, number>();
  for (const h of plan.hosts) {
    const v = fleet.state(h.name)?.version;
    if (v !== undefined && !v.includes('bad')) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let n = 0;
  for (const [v, c] of counts) {
    if (c > n) {
      best = v;
      n = c;
    }
  }
  return best;
}
