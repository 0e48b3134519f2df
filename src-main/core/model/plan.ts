import type { Host } from './host';

/**
 * The resolved rollout plan: what the rollout core needs, with every selector, percentage,
 * duration and budget already turned into concrete host lists, milliseconds and counts.
 * Produced by `core/plan` from a validated plan document plus its inventories; stored whole
 * in the RolloutCreated event so a journal replays without the original files.
 */
export interface RolloutPlan {
  /** sha256 (hex) of the canonical plan + fleet; a journal refuses a different plan. */
  readonly planHash: string;
  readonly release: {
    readonly name: string;
    readonly version: string;
    readonly previous: string;
    /** Content digest (`sha256:…`) pinned for the rollout; templates read it as {{digest}}. */
    readonly digest?: string;
  };
  /** The whole fleet, sorted by name. */
  readonly hosts: readonly Host[];
  /** Ordered canary -> ... -> global. Every host is in at most one ring. */
  readonly rings: readonly RingPlan[];
  readonly deploy: DeployPlan;
  /**
   * Gates on infrastructure every ring shares: evaluated whatever ring is active, and every
   * one must pass before any promotion. Absent in journals created before they were listed.
   */
  readonly platformGates?: readonly string[];
}

export interface RingPlan {
  readonly name: string;
  /** Update domains in the order they are updated. Never empty; no domain is empty. */
  readonly domains: readonly DomainPlan[];
  readonly bakeMs: number;
  /** Names of gates evaluated during this ring's bake. */
  readonly gates: readonly string[];
  readonly promotion: 'manual' | 'auto';
  /**
   * Distinct people who must approve before the ring is promoted (or overridden); 1 = the
   * person who promotes is enough. Absent in journals created before approvals existed
   * (read it with `approvalsNeeded`).
   */
  readonly approvals?: number;
  /** The ring halts when more than this many of its hosts failed. */
  readonly maxFailedHosts: number;
  /** The ring halts when more than this many hosts of one update domain failed. */
  readonly maxFailedHostsPerDomain: number;
  /** On a gate failure or a blown budget, roll this ring back without waiting for an operator. */
  readonly rollbackOnHalt: boolean;
}

export interface DomainPlan {
  readonly name: string;
  /** Host names, sorted. */
  readonly hosts: readonly string[];
}

export interface StepPlan {
  readonly name: string;
  /** Command template; variables are `{{version}}`, `{{host.name}}`, ... (see core/template). */
  readonly command: string;
  readonly timeoutMs: number;
  /** May be re-run blindly after a crash left it in doubt. */
  readonly idempotent: boolean;
}

export interface DeployPlan {
  readonly steps: readonly StepPlan[];
  readonly rollback: readonly StepPlan[];
  /** Step that checks, after a crash, whether a host in doubt already has the new version. */
  readonly verify?: StepPlan;
  /** Hosts updated at once inside one update domain. */
  readonly concurrency: number;
  /** Update domains of one ring that may run at once (default 1). */
  readonly parallelDomains: number;
  /** What happens to running steps when the ring halts. */
  readonly onHalt: 'finish' | 'cancel';
  /**
   * `ssm`: steps run through AWS Systems Manager Run Command on each host's instance
   * (`aws.instanceId` in `aws.region`); absent means SSH (and keeps older plans' hashes).
   */
  readonly via?: 'ssm';
}
