import type { RolloutPlan } from '../model/plan';
import type { GateEvidence, GateOutcome, StepPhase } from './event';

/** Where the rollout as a whole stands. */
export type RolloutStatus =
  | 'new'
  | 'created'
  | 'running'
  | 'paused'
  | 'baking'
  | 'waiting-promotion'
  | 'halted'
  | 'rolling-back'
  | 'rolled-back'
  | 'aborted'
  | 'completed';

/** Where one ring stands. `baked` = bake elapsed but gates not (yet) all passing. */
export type RingStatus =
  | 'pending'
  | 'deploying'
  | 'baking'
  | 'baked'
  | 'healthy'
  | 'halted'
  | 'promoted'
  | 'rolling-back'
  | 'rolled-back';

/** Where one update domain stands. */
export type DomainStatus = 'pending' | 'active' | 'completed';

/** Where one host stands. */
export type HostStatus =
  | 'pending'
  | 'deploying'
  | 'done'
  | 'failed'
  | 'in-doubt'
  | 'needs-approval'
  /** Waits for a person: a key's passphrase was not given (or was wrong every time). */
  | 'needs-passphrase'
  | 'rolling-back'
  | 'rolled-back'
  | 'rollback-failed';

/** A step journaled as started and not (yet) finished. */
export interface RunningStep {
  readonly step: string;
  readonly phase: StepPhase;
  readonly attempt: number;
  readonly startedAt: number;
}

export interface HostState {
  readonly name: string;
  readonly ring: number;
  readonly domain: number;
  readonly status: HostStatus;
  /** Installed version as far as the journal knows; null = unknown (partly applied). */
  readonly version: string | null;
  /** Deploy steps that succeeded, in order. */
  readonly completedSteps: readonly string[];
  /** Rollback steps that succeeded, in order. */
  readonly rolledBackSteps: readonly string[];
  readonly running: RunningStep | null;
  /**
   * Set while status is in-doubt: the step whose end was never journaled, with the attempt
   * and start time its HostStepStarted journaled (what a remote service that records commands,
   * such as SSM, is asked about on resume; startedAt null when the journal does not say).
   */
  readonly inDoubt: {
    readonly step: string;
    readonly phase: StepPhase;
    readonly attempt: number;
    readonly startedAt: number | null;
  } | null;
  /** Attempts started of the step named by `attemptOf` (its next attempt = attempts + 1). */
  readonly attempts: number;
  /** `phase:step` of the last step started. */
  readonly attemptOf: string | null;
  /** Any deploy step ever started here: the host may carry the new version. */
  readonly touched: boolean;
  readonly lastExitCode: number | null;
  readonly lastReason: string | null;
  /** SHA256 fingerprint of an unknown host key waiting for approval. */
  readonly fingerprint: string | null;
  /** Status to return to when a host-key approval (or a passphrase retry) arrives. */
  readonly statusBeforeApproval: HostStatus | null;
  /** The identity file whose passphrase this host waits for (status needs-passphrase). */
  readonly passphraseKey: string | null;
}

export interface GateState {
  readonly outcome: GateOutcome;
  readonly evidence: GateEvidence;
  readonly final: boolean;
  readonly at: number | null;
}

/** Progress counters: hosts finished well, failed, and in all. */
export interface Progress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

export interface DomainState extends Progress {
  readonly name: string;
  readonly status: DomainStatus;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
}

export interface RingState extends Progress {
  readonly name: string;
  readonly status: RingStatus;
  readonly domains: readonly DomainState[];
  readonly gates: Readonly<Record<string, GateState>>;
  readonly startedAt: number | null;
  readonly bakeStartedAt: number | null;
  readonly bakeEndsAt: number | null;
  readonly bakeElapsed: boolean;
  readonly halt: {
    readonly reason: string;
    readonly gate?: string;
    readonly summary?: string;
  } | null;
  readonly promotedAt: number | null;
  readonly override: { readonly reason: string } | null;
  /** Distinct people who must approve its promotion (1: whoever promotes). */
  readonly approvalsNeeded: number;
  /** Approvals journaled for its promotion, in order (each person at most once). */
  readonly approvals: readonly RingApproval[];
}

/** One person's approval of a ring's promotion. */
export interface RingApproval {
  readonly by: string;
  readonly at: number;
  /** Set when they approved promoting although bake or gates said no. */
  readonly override: string | null;
}

export interface RollbackState {
  readonly scope: 'ring' | 'all';
  /** Ring indices in rollback order (latest first). */
  readonly rings: readonly number[];
  readonly emergency: boolean;
  readonly by: string;
  readonly reason: string;
  readonly startedAt: number;
  readonly completedAt: number | null;
}

/** An operator's hand on the rollout, kept for the console and the postmortem. */
export interface OperatorAction {
  readonly at: number;
  readonly by: string;
  readonly action:
    | 'create'
    | 'start'
    | 'promote'
    | 'approve-promotion'
    | 'pause'
    | 'resume'
    | 'abort'
    | 'rollback'
    | 'note'
    | 'approve-host'
    | 'reject-host'
    | 'retry-passphrase'
    | 'give-up-host'
    | 'resolve-in-doubt';
  readonly detail: string;
}

/** Observed step durations (ms), per phase and step name, for the ETA. */
export type StepTimings = Readonly<
  Record<string, { readonly count: number; readonly totalMs: number }>
>;

/**
 * The shape of {@link RolloutState} as journal checkpoints store it. Change it whenever the
 * state's shape changes (test/unit/rollout-state-format.test.ts fails until you do): a
 * checkpoint of another format is ignored and the journal replayed from the start.
 */
export const STATE_FORMAT = 'rollout-state/5';

/**
 * The rollout as derived from its events. Plain objects only (serialisable as JSON), so
 * the console renders it directly. Treat as immutable: see `evolve` and `replay`.
 */
export interface RolloutState {
  readonly plan: RolloutPlan | null;
  readonly planHash: string | null;
  readonly status: RolloutStatus;
  /** Status to return to on Resumed. */
  readonly statusBeforePause: RolloutStatus | null;
  /** Index of the ring being deployed/baked; -1 before the first ring starts. */
  readonly currentRing: number;
  readonly rings: readonly RingState[];
  readonly hosts: Readonly<Record<string, HostState>>;
  readonly platformGates: Readonly<Record<string, GateState>>;
  readonly rollback: RollbackState | null;
  readonly actions: readonly OperatorAction[];
  /** Keyed `deploy:STEP`, `rollback:STEP`, `verify:STEP`. */
  readonly timings: StepTimings;
  readonly createdAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly lastEventAt: number | null;
  /** Number of events applied. */
  readonly events: number;
}

/** The state before any event (status `new`). Never mutated: `replay` works on its own copy. */
export const initialState: RolloutState = Object.freeze({
  plan: null,
  planHash: null,
  status: 'new',
  statusBeforePause: null,
  currentRing: -1,
  rings: [],
  hosts: {},
  platformGates: {},
  rollback: null,
  actions: [],
  timings: {},
  createdAt: null,
  startedAt: null,
  endedAt: null,
  lastEventAt: null,
  events: 0,
}) as RolloutState;

/** A fresh, unshared copy of the initial state (for the in-place reducer). */
export function freshState(): RolloutState {
  return { ...initialState, rings: [], hosts: {}, platformGates: {}, actions: [], timings: {} };
}

/** Statuses after which nothing moves without an operator starting a rollback. */
export function isTerminal(status: RolloutStatus): boolean {
  return status === 'completed' || status === 'aborted' || status === 'rolled-back';
}

/**
 * The hosts for which `keep` holds, in the hosts record's order. Walks the record's keys:
 * at 100,000 hosts (a record in dictionary mode) `Object.values` costs twice as much (86 ms
 * against 41 ms measured), and a status view asks more than once.
 */
/** Host statuses a person should look at: failures, doubts and waits for a person. */
const ATTENTION: ReadonlySet<HostStatus> = new Set<HostStatus>([
  'failed',
  'in-doubt',
  'needs-approval',
  'needs-passphrase',
  'rollback-failed',
]);

/**
 * The hosts a person should look at (failed, in doubt, waiting for a key approval or a
 * passphrase, rollback failed), in the hosts record's order: one walk of the hosts, which
 * the status view and the waiting-host commands then filter (three walks cost 170 ms at
 * 100,000 hosts).
 */
export function attentionHosts(s: RolloutState): HostState[] {
  return hostsWhere(s, (h) => ATTENTION.has(h.status));
}

export function hostsWhere(s: RolloutState, keep: (h: HostState) => boolean): HostState[] {
  const out: HostState[] = [];
  const hosts = s.hosts;
  for (const name in hosts) {
    const h = hosts[name];
    if (h !== undefined && keep(h)) {
      out.push(h);
    }
  }
  return out;
}
