import type { Host } from '../model/host';
import type { DeployPlan, RingPlan, RolloutPlan } from '../model/plan';
import type { Decision, RolloutCommand } from './commands';
import { decide } from './decide';
import type { RolloutEvent } from './event';
import { evolve } from './evolve';
import { nextWork, workCommand } from './next-work';
import { initialState, type RolloutState } from './state';

/** Shape of one ring for `buildPlan`: host counts per update domain, plus any override. */
export interface RingSketch extends Partial<Omit<RingPlan, 'domains' | 'name'>> {
  readonly name?: string;
  /** Hosts per update domain, e.g. [2, 2] = two domains of two hosts. */
  readonly domains: readonly number[];
}

/**
 * Builds a resolved plan directly (no YAML, no inventory) for tests, demos and benchmarks:
 * hosts are named `r{ring}-d{domain}-h{n}` on 127.0.0.x. Deterministic.
 */
export function buildPlan(
  rings: readonly RingSketch[],
  deploy: Partial<DeployPlan> = {},
  release: RolloutPlan['release'] = { name: 'shop', version: '2.0.0', previous: '1.0.0' },
): RolloutPlan {
  const hosts: Host[] = [];
  const ringPlans: RingPlan[] = rings.map((r, ri) => ({
    name: r.name ?? `ring${ri}`,
    bakeMs: r.bakeMs ?? 60_000,
    gates: r.gates ?? [],
    promotion: r.promotion ?? 'manual',
    approvals: r.approvals ?? 1,
    maxFailedHosts: r.maxFailedHosts ?? 0,
    maxFailedHostsPerDomain: r.maxFailedHostsPerDomain ?? 0,
    rollbackOnHalt: r.rollbackOnHalt ?? false,
    domains: r.domains.map((n, di) => {
      const names: string[] = [];
      for (let i = 0; i < n; i++) {
        const name = `r${ri}-d${di}-h${i}`;
        names.push(name);
        hosts.push({
          name,
          address: `127.0.0.${(hosts.length % 250) + 2}`,
          port: 22,
          labels: { ring: String(ri), zone: `z${di}` },
        });
      }
      return { name: `ud${di}`, hosts: names.sort() };
    }),
  }));
  return {
    planHash: 'test-plan-hash',
    release,
    hosts: hosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    rings: ringPlans,
    deploy: {
      steps: deploy.steps ?? [
        {
          name: 'install',
          command: 'appctl install {{version}}',
          timeoutMs: 30_000,
          idempotent: false,
        },
        { name: 'health', command: 'appctl health', timeoutMs: 10_000, idempotent: true },
      ],
      rollback: deploy.rollback ?? [
        {
          name: 'revert',
          command: 'appctl install {{previous}}',
          timeoutMs: 30_000,
          idempotent: true,
        },
      ],
      ...(deploy.verify ? { verify: deploy.verify } : {}),
      concurrency: deploy.concurrency ?? 2,
      parallelDomains: deploy.parallelDomains ?? 1,
      onHalt: deploy.onHalt ?? 'finish',
    },
  };
}

/** A small journal-in-memory for tests and demos: decide, then apply, keeping every event. */
export class Harness {
  state: RolloutState = initialState;
  readonly journal: RolloutEvent[] = [];
  constructor(public now = 1_700_000_000_000) {}

  /** Decides and applies a command; returns the decision. */
  run(command: RolloutCommand): Decision {
    const d = decide(this.state, command, this.now);
    if (d.ok) {
      for (const e of d.events) {
        this.journal.push(e);
        this.state = evolve(this.state, e);
      }
    }
    return d;
  }

  /** Like `run`, but a refusal is a bug in the caller: throws with the reason. */
  must(command: RolloutCommand): readonly RolloutEvent[] {
    const d = this.run(command);
    if (!d.ok) {
      throw new Error(`${command.type} refused: ${d.reason}`);
    }
    return d.events;
  }

  /**
   * Plays the engine until nextWork is empty: begins every item and finishes each step at
   * once with the exit code `outcome` gives (0 = success), `stepMs` later.
   */
  settle(outcome: (host: string, step: string) => number = () => 0, stepMs = 1_000): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const items = nextWork(this.state, this.now);
      if (items.length === 0) {
        return;
      }
      for (const item of items) {
        this.must(workCommand(item));
        if (item.kind === 'runStep') {
          this.now += stepMs;
          const exitCode = outcome(item.host, item.step);
          this.must({
            type: 'recordStepResult',
            host: item.host,
            step: item.step,
            phase: item.phase,
            exitCode,
            durationMs: stepMs,
            tail: [`${item.step} on ${item.host}: exit ${exitCode}`],
          });
        }
      }
    }
    throw new Error('settle did not settle');
  }

  /** Passes every gate of the active ring. */
  passGates(): void {
    const ring = this.state.rings[this.state.currentRing];
    for (const gate of Object.keys(ring?.gates ?? {})) {
      this.must({
        type: 'recordGate',
        ring: ring?.name ?? null,
        gate,
        outcome: 'pass',
        evidence: { ratio: 1 },
        final: true,
      });
    }
  }
}
