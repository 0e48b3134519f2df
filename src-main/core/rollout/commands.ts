import type { RolloutPlan } from '../model/plan';
import type {
  GateEvidence,
  GateOutcome,
  InDoubtResolution,
  RolloutEvent,
  StepPhase,
} from './event';
import type { RolloutState } from './state';

/** What an operator asks for (console, CLI). `by` names the person. */
export type OperatorCommand =
  | { readonly type: 'create'; readonly plan: RolloutPlan; readonly by: string }
  | { readonly type: 'start'; readonly by: string }
  | {
      readonly type: 'promote';
      readonly by: string;
      readonly note?: string;
      /** Promote although bake or gates say no; the reason is journaled. */
      readonly override?: { readonly reason: string };
    }
  | {
      /**
       * Approve the promotion of the active ring (its plan asks for approvals): journaled
       * with who and when; the ring is promoted once enough distinct people approved.
       */
      readonly type: 'approvePromotion';
      readonly by: string;
      /** The ring the person means; refused unless it is the active ring. */
      readonly ring?: string;
      readonly note?: string;
      /** Approve although bake or gates say no; the reason is journaled. */
      readonly override?: { readonly reason: string };
    }
  | { readonly type: 'pause'; readonly by: string; readonly reason: string }
  | { readonly type: 'resume'; readonly by: string; readonly reason: string }
  | { readonly type: 'abort'; readonly by: string; readonly reason: string }
  | {
      /**
       * Halt the active ring by hand: no new host starts; running steps follow the plan's
       * onHalt. Never rolls back on its own (rollback stays a separate choice).
       */
      readonly type: 'haltRing';
      readonly by: string;
      readonly reason: string;
    }
  | {
      readonly type: 'rollback';
      readonly by: string;
      readonly reason: string;
      readonly scope: 'ring' | 'all';
      /** Skip waiting: allowed while deploying or baking. */
      readonly emergency?: boolean;
    }
  | { readonly type: 'note'; readonly by: string; readonly text: string }
  | {
      readonly type: 'approveHost';
      readonly by: string;
      readonly host: string;
      readonly fingerprint: string;
      /** Journaled with the approval (why it was approved without a person). */
      readonly note?: string;
    }
  | {
      /** Refuse the key a host presented: the host fails (counted toward the budget). */
      readonly type: 'rejectHost';
      readonly by: string;
      readonly host: string;
      readonly fingerprint: string;
    }
  | {
      /** Ask again for the passphrase a host waits for (the engine's next try asks). */
      readonly type: 'retryPassphrase';
      readonly by: string;
      readonly host: string;
    }
  | {
      /** Give up on a host waiting for a passphrase: it fails, with who and why journaled. */
      readonly type: 'giveUpHost';
      readonly by: string;
      readonly host: string;
      readonly reason: string;
    }
  | {
      readonly type: 'resolveInDoubt';
      readonly by: string;
      readonly host: string;
      readonly resolution: InDoubtResolution;
      /** Why the person settled it this way (journaled). */
      readonly reason?: string;
    };

/** What the engine reports or asks for (it runs the effects; the core keeps the books). */
export type EngineCommand =
  | { readonly type: 'beginDomain'; readonly ring: string; readonly domain: string }
  | {
      readonly type: 'beginHostStep';
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
    }
  | {
      readonly type: 'recordStepResult';
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
      /** 0 = success; any other code, or null (no code: unreachable, timeout, cancelled), fails. */
      readonly exitCode: number | null;
      readonly durationMs: number;
      readonly tail: readonly string[];
      /** Why it failed, in words (required sense when exitCode is not 0). */
      readonly reason?: string;
      /** The Systems Manager CommandId the step ran as (deploy via ssm). */
      readonly ssmCommandId?: string;
    }
  /**
   * What the remote service recorded of a step in doubt (an SSM command found by the token
   * its HostStepStarted implies, or none sent): it settles the doubt before anything runs
   * again. `retry` = it never ran, so it runs; `completed`/`failed` = it ran and ended so.
   */
  | {
      readonly type: 'settleInDoubt';
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
      readonly resolution: InDoubtResolution;
      readonly reason: string;
      readonly ssmCommandId?: string;
    }
  | {
      readonly type: 'recordGate';
      /** null for a platform gate. */
      readonly ring: string | null;
      readonly gate: string;
      readonly outcome: GateOutcome;
      readonly evidence: GateEvidence;
      readonly final: boolean;
      /**
       * The plain-language halt summary of a failing ring gate: journaled on the halt itself,
       * so no reader (run's outcome, status, an export) sees a halt without its summary.
       */
      readonly summary?: string;
    }
  | { readonly type: 'tick' }
  | {
      readonly type: 'halt';
      readonly ring: string;
      readonly reason: string;
      readonly gate?: string;
      readonly summary?: string;
    }
  | { readonly type: 'writeHaltSummary'; readonly ring: string; readonly summary: string }
  | { readonly type: 'recover' }
  | { readonly type: 'hostNeedsApproval'; readonly host: string; readonly fingerprint: string }
  /** A key's passphrase was not given: nothing ran, the host waits for a person. */
  | { readonly type: 'hostNeedsPassphrase'; readonly host: string; readonly key: string }
  | {
      readonly type: 'reportAnomaly';
      readonly ring: string;
      readonly metric: string;
      readonly detail: string;
    };

/** Anything `decide` accepts. */
export type RolloutCommand = OperatorCommand | EngineCommand;

/** `decide`'s answer: the events to journal, or a refusal a person can read. */
export type Decision =
  | {
      readonly ok: true;
      readonly events: readonly RolloutEvent[];
      /** The state the events produce (each evolved once, as they were decided). */
      readonly state: RolloutState;
    }
  | { readonly ok: false; readonly reason: string };
