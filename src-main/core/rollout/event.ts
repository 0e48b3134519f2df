import type { RolloutPlan } from '../model/plan';

/** Which list of steps a host step belongs to. */
export type StepPhase = 'deploy' | 'rollback' | 'verify';

/** A gate's verdict. `pending` = not evaluated yet; `inconclusive` = too little or no data. */
export type GateOutcome = 'pass' | 'fail' | 'inconclusive' | 'pending';

/** JSON-safe value, so evidence survives the journal unchanged. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a gate looked at: values, sample sizes, statistic, reason. JSON-safe by construction. */
export type GateEvidence = { readonly [key: string]: JsonValue };

/** How a host left the in-doubt state: the step took effect, must run again, or failed. */
export type InDoubtResolution = 'completed' | 'retry' | 'failed';

interface StepRef {
  readonly ring: string;
  readonly domain: string;
  readonly host: string;
  readonly step: string;
  readonly phase: StepPhase;
}

/** The events of a rollout, each without the fields every event may carry. */
type RolloutEventBody =
  | {
      readonly type: 'RolloutCreated';
      readonly at: number;
      readonly plan: RolloutPlan;
      readonly planHash: string;
      readonly by: string;
    }
  | { readonly type: 'RolloutStarted'; readonly at: number; readonly by: string }
  | { readonly type: 'RingStarted'; readonly at: number; readonly ring: string }
  | {
      readonly type: 'DomainStarted';
      readonly at: number;
      readonly ring: string;
      readonly domain: string;
    }
  | ({ readonly type: 'HostStepStarted'; readonly at: number; readonly attempt: number } & StepRef)
  | ({
      readonly type: 'HostStepSucceeded';
      readonly at: number;
      readonly attempt: number;
      readonly exitCode: number;
      readonly durationMs: number;
      readonly tail: readonly string[];
      /** The Systems Manager CommandId the step ran as (deploy via ssm). */
      readonly ssmCommandId?: string;
    } & StepRef)
  | ({
      readonly type: 'HostStepFailed';
      readonly at: number;
      readonly attempt: number;
      /** null when the command never produced an exit code (unreachable, timeout, cancelled). */
      readonly exitCode: number | null;
      readonly reason: string;
      readonly durationMs: number;
      readonly tail: readonly string[];
      /** The Systems Manager CommandId the step ran as (deploy via ssm), when it was sent. */
      readonly ssmCommandId?: string;
    } & StepRef)
  /** A step was journaled as started but its end never was (crash): re-verify, never skip. */
  | ({ readonly type: 'HostInDoubt'; readonly at: number } & StepRef)
  /** How an in-doubt host was settled, by the verify step, an idempotent re-run or a person. */
  | ({
      readonly type: 'InDoubtResolved';
      readonly at: number;
      readonly resolution: InDoubtResolution;
      readonly by: string;
      /** A person's reason, or what settled it (the remote service's record of the command). */
      readonly reason?: string;
      /** The Systems Manager CommandId found for the step in doubt (deploy via ssm). */
      readonly ssmCommandId?: string;
    } & StepRef)
  | {
      readonly type: 'HostNeedsApproval';
      readonly at: number;
      readonly host: string;
      readonly fingerprint: string;
    }
  | {
      readonly type: 'HostKeyApproved';
      readonly at: number;
      readonly host: string;
      readonly fingerprint: string;
      readonly by: string;
      /** Why, when no person typed it (the key was found in known_hosts on resume). */
      readonly note?: string;
    }
  /** A person refused the key a host presented: the host fails (it counts toward the budget). */
  | {
      readonly type: 'HostKeyRejected';
      readonly at: number;
      readonly host: string;
      readonly fingerprint: string;
      readonly by: string;
    }
  /**
   * A host could not connect because a key's passphrase was not given (declined, timed out,
   * or wrong every time): it waits for a person, counted neither done nor failed. The key
   * is named by its path; the passphrase itself is never journaled.
   */
  | {
      readonly type: 'HostNeedsPassphrase';
      readonly at: number;
      readonly host: string;
      readonly key: string;
    }
  /** A person asked for the passphrase again: the host goes back to where it was. */
  | {
      readonly type: 'PassphraseRetried';
      readonly at: number;
      readonly host: string;
      readonly key: string;
      readonly by: string;
    }
  /** A person gave up on a host waiting for a passphrase: it fails (counted toward budgets). */
  | {
      readonly type: 'HostGivenUp';
      readonly at: number;
      readonly host: string;
      readonly by: string;
      readonly reason: string;
    }
  | {
      readonly type: 'DomainCompleted';
      readonly at: number;
      readonly ring: string;
      readonly domain: string;
      readonly succeeded: number;
      readonly failed: number;
    }
  | {
      readonly type: 'BakeStarted';
      readonly at: number;
      readonly ring: string;
      readonly endsAt: number;
    }
  | { readonly type: 'BakeElapsed'; readonly at: number; readonly ring: string }
  | {
      readonly type: 'GateEvaluated';
      readonly at: number;
      /** null for a platform gate (infrastructure shared by every ring). */
      readonly ring: string | null;
      readonly gate: string;
      readonly outcome: GateOutcome;
      readonly evidence: GateEvidence;
      /** The evaluation that counts at bake end (as opposed to a running one). */
      readonly final: boolean;
    }
  | { readonly type: 'RingHealthy'; readonly at: number; readonly ring: string }
  | {
      readonly type: 'RingHalted';
      readonly at: number;
      readonly ring: string;
      readonly reason: string;
      readonly gate?: string;
      readonly summary?: string;
    }
  /** The plain-language halt summary, when it is written after the halt itself. */
  | {
      readonly type: 'HaltSummaryWritten';
      readonly at: number;
      readonly ring: string;
      readonly summary: string;
    }
  /**
   * A person approved the promotion of a ring whose plan asks for approvals (each person
   * once per ring). With `override`, they approve promoting although bake or gates say no.
   */
  | {
      readonly type: 'PromotionApproved';
      readonly at: number;
      readonly ring: string;
      readonly by: string;
      readonly override?: { readonly reason: string };
      /** Approvals that count once this one is in (this one included), and how many are needed. */
      readonly counted: number;
      readonly needed: number;
    }
  | {
      readonly type: 'Promoted';
      readonly at: number;
      readonly ring: string;
      /** null when the last ring was accepted. */
      readonly next: string | null;
      readonly by: string;
      readonly note?: string;
      readonly override?: { readonly reason: string };
      /** Who approved, in order, when the ring's plan asks for approvals. */
      readonly approvedBy?: readonly string[];
    }
  | {
      readonly type: 'RollbackStarted';
      readonly at: number;
      readonly scope: 'ring' | 'all';
      /** Ring names in the order they are rolled back (latest ring first). */
      readonly rings: readonly string[];
      readonly emergency: boolean;
      readonly by: string;
      readonly reason: string;
    }
  | {
      readonly type: 'HostRolledBack';
      readonly at: number;
      readonly ring: string;
      readonly domain: string;
      readonly host: string;
    }
  | {
      readonly type: 'RollbackCompleted';
      readonly at: number;
      readonly scope: 'ring' | 'all';
      readonly rings: readonly string[];
    }
  | { readonly type: 'Paused'; readonly at: number; readonly by: string; readonly reason: string }
  | { readonly type: 'Resumed'; readonly at: number; readonly by: string; readonly reason: string }
  | { readonly type: 'Aborted'; readonly at: number; readonly by: string; readonly reason: string }
  | {
      readonly type: 'OperatorNote';
      readonly at: number;
      readonly by: string;
      readonly text: string;
    }
  | {
      readonly type: 'AnomalyDetected';
      readonly at: number;
      readonly ring: string;
      readonly metric: string;
      readonly detail: string;
    }
  | { readonly type: 'RolloutCompleted'; readonly at: number };

/**
 * Everything that can happen to a rollout, tagged by `type`. Every event carries `at`
 * (ms since epoch, from the caller's clock). Events are facts: `evolve` never refuses one.
 *
 * `commandId` marks the first event an operator command wrote (the command's stamp id, see
 * core/commands): a retry of that id is answered from the journal and never runs twice.
 * Journals written before commands had ids have no such field, and still load.
 */
export type RolloutEvent = RolloutEventBody & { readonly commandId?: string };

/** The `type` tag of every event. */
export type RolloutEventType = RolloutEvent['type'];

/** The event of one given type. */
export type EventOf<T extends RolloutEventType> = Extract<RolloutEvent, { type: T }>;

/** Every event type, in lifecycle order (for filters and exhaustive tests). */
export const rolloutEventTypes = [
  'RolloutCreated',
  'RolloutStarted',
  'RingStarted',
  'DomainStarted',
  'HostStepStarted',
  'HostStepSucceeded',
  'HostStepFailed',
  'HostInDoubt',
  'InDoubtResolved',
  'HostNeedsApproval',
  'HostKeyApproved',
  'HostKeyRejected',
  'HostNeedsPassphrase',
  'PassphraseRetried',
  'HostGivenUp',
  'DomainCompleted',
  'BakeStarted',
  'BakeElapsed',
  'GateEvaluated',
  'RingHealthy',
  'RingHalted',
  'HaltSummaryWritten',
  'PromotionApproved',
  'Promoted',
  'RollbackStarted',
  'HostRolledBack',
  'RollbackCompleted',
  'Paused',
  'Resumed',
  'Aborted',
  'OperatorNote',
  'AnomalyDetected',
  'RolloutCompleted',
] as const satisfies readonly RolloutEventType[];

/** The actor name the core uses for decisions it takes on its own (auto-promotion, halts). */
export const SYSTEM_ACTOR = 'ringside';

/**
 * The only event types the core ever journals `by` {@link SYSTEM_ACTOR} (the property tests
 * hold it to that): the team database accepts that name on these alone, from any driver,
 * and records which login's driver wrote them.
 */
export const systemActorEventTypes = [
  'InDoubtResolved',
  'RollbackStarted',
  'HostKeyApproved',
  'Promoted',
  'Paused',
] as const satisfies readonly RolloutEventType[];
