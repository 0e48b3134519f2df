import type { RolloutPlan } from '../core/model/plan';
import type { OperatorCommand, RolloutEvent, RolloutState, StepPhase } from '../core/rollout';
import type { SshExecutor } from '../adapters/ssh';
import type { LeaseRow } from '../adapters/journal-pg';
import type { GateMonitor } from './gate-monitor';
import type { CommandStamp } from '../core/commands';

/** Settings of {@link openRollout}; only plan, journal and executor are required. */
export interface OpenRolloutOptions {
  readonly plan: RolloutPlan;
  /** A `--journal` directory or a `.jsonl` file (see resolveJournalPath). */
  readonly journalPath: string;
  readonly executor: SshExecutor;
  /** ms since epoch; default Date.now. */
  readonly clock?: () => number;
  /** Where gate readings come from; default: every gate inconclusive (fail closed). */
  readonly gateMonitor?: GateMonitor;
  /** How often gates are evaluated while a ring deploys or bakes (default 1000 ms). */
  readonly gateIntervalMs?: number;
  /** Who creates and starts the rollout (default `ringside`). */
  readonly by?: string;
  /** The stamp id of the operator's start command, written on RolloutCreated (at most once). */
  readonly commandId?: string;
  /** Settings of a team journal (`journalPath` a postgres:// URL); ignored for files. */
  readonly team?: TeamDriving;
}

/** How a driver of a team journal (PostgreSQL) holds its rollout's lease. */
export interface TeamDriving {
  /** Where PGPASSWORD, PGPASSFILE, PGUSER and HOME are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Lease duration in ms (default 15 s); renewed every third of it. */
  readonly leaseMs?: number;
  /** Wait for a live lease to expire instead of refusing at once. */
  readonly waitForLease?: boolean;
  /**
   * Called once when the lease is lost (taken over, or not renewed in time), after the
   * engine has stopped starting hosts; the engine then closes.
   */
  readonly onLeaseLost?: (line: string) => void;
  /** Waiting for a lease, heartbeat trouble. */
  readonly warn?: (line: string) => void;
  /** Told the lease this driver holds, once acquired. */
  readonly onAcquired?: (lease: LeaseRow) => void;
  /**
   * Break-glass: where stopping the rollout is journaled while the database is unreachable
   * (`.ringside/spill` beside the driver), reconciled when it answers; null: appends are
   * only held, and a lease not renewed in time ends the driver.
   */
  readonly spillDir: string | null;
}

/** Why a rollout could not be opened; every message is one line naming what and where. */
export type OpenRolloutError =
  | { readonly kind: 'locked'; readonly message: string }
  | { readonly kind: 'plan-mismatch'; readonly message: string }
  | { readonly kind: 'journal'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/** How far `run` drives the rollout before it returns. */
export interface RunOptions {
  /** `ring`: stop once the ring active at the call has finished deploying and baking. */
  readonly until: 'ring' | 'end';
  /** Promote a ring waiting for promotion as soon as decide accepts it (never an override). */
  readonly autoPromote: boolean;
  /**
   * With autoPromote: promote even when gates are not passing, journaling this text as the
   * override reason. Meant for dress rehearsals without telemetry; never set it for real hosts.
   */
  readonly overrideReason?: string;
  /**
   * Keep looping while the rollout waits for a promotion or an operator (waiting-promotion,
   * paused, hosts waiting for a person), evaluating gates and platform gates meanwhile:
   * `run` then returns only on a terminal outcome (finished, halted, aborted, rolled back)
   * or `close`. For the console, which has a person at hand; the CLI leaves it off.
   */
  readonly watchWhileWaiting?: boolean;
}

/** Why `run` returned. Running steps have always ended (and been journaled) by then. */
export type RunOutcome =
  | { readonly kind: 'finished' }
  | {
      readonly kind: 'waiting-promotion';
      readonly ring: string;
      readonly why: string | null;
      /** Approvals its promotion still waits for (0: none, anyone may promote). */
      readonly approvalsMissing: number;
    }
  | { readonly kind: 'halted'; readonly ring: string; readonly reason: string }
  | { readonly kind: 'paused'; readonly by: string; readonly reason: string }
  | { readonly kind: 'aborted'; readonly by: string; readonly reason: string }
  | { readonly kind: 'rolled-back'; readonly rings: readonly string[] }
  /** `until: 'ring'`: the ring finished and the next one was promoted on its own (plan auto). */
  | { readonly kind: 'ring-done'; readonly ring: string }
  /** Hosts wait for a person (host-key approval, in doubt without a verify step). */
  | { readonly kind: 'waiting-operator'; readonly hosts: readonly string[]; readonly why: string }
  | { readonly kind: 'closed' };

/** Something the CLI or the console shows as it happens. */
export type EngineEvent =
  /**
   * Events just journaled, and the state after them. The engine writes its hosts record in
   * place (one host per host event), so `state.hosts` may already show decisions taken
   * since; everything else in `state` is as of these events.
   */
  | {
      readonly type: 'journaled';
      readonly events: readonly RolloutEvent[];
      readonly state: RolloutState;
    }
  | {
      readonly type: 'step-start';
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
      readonly command: string;
    }
  | {
      readonly type: 'step-end';
      readonly host: string;
      readonly step: string;
      readonly phase: StepPhase;
      readonly ok: boolean;
      /** One line: what happened (ok in 120 ms, exited with 1, HOST KEY CHANGED ...). */
      readonly detail: string;
    }
  | {
      readonly type: 'output';
      readonly host: string;
      readonly step: string;
      readonly stream: 'stdout' | 'stderr';
      readonly line: string;
    }
  | { readonly type: 'warning'; readonly message: string };

/** An operator command as the engine's public methods take it (`by` always named). */
export type EngineOperatorCommand = Exclude<OperatorCommand, { type: 'create' | 'start' }>;

/** An accepted command, or decide's refusal as a sentence. */
export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A rollout being driven by this process; it holds the journal's lock until `close`. */
export interface RolloutEngine {
  /** The journal file in use. */
  readonly journalFile: string;
  /** Said while opening (torn last line dropped, stale lock taken over, hosts in doubt). */
  readonly warnings: readonly string[];
  run(options: RunOptions): Promise<RunOutcome>;
  /**
   * Decides and journals one operator command. With a stamp (core/commands) it runs at most
   * once — a retry of the id gets the first outcome — and is refused after its deadline.
   */
  command(c: EngineOperatorCommand, stamp?: CommandStamp): Promise<CommandResult>;
  promote(by: string, opts?: { note?: string; override?: string }): Promise<CommandResult>;
  pause(by: string, reason: string): Promise<CommandResult>;
  resume(by: string, reason: string): Promise<CommandResult>;
  abort(by: string, reason: string): Promise<CommandResult>;
  rollback(
    by: string,
    reason: string,
    opts: { scope: 'ring' | 'all'; emergency?: boolean },
  ): Promise<CommandResult>;
  note(by: string, text: string): Promise<CommandResult>;
  /** Halts the active ring by hand; rollback stays a separate choice. */
  halt(by: string, reason: string): Promise<CommandResult>;
  /** Settles a host in doubt as done (step completed) or failed, with the person's reason. */
  resolveInDoubt(
    by: string,
    host: string,
    as: 'done' | 'failed',
    reason: string,
  ): Promise<CommandResult>;
  /** Records the key with the executor (known_hosts), then journals the approval. */
  approveHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult>;
  /**
   * Refuses the key (HostKeyRejected): the host fails, counted toward the failure budgets, so
   * the ring goes on or halts.
   */
  rejectHostKey(by: string, host: string, fingerprint: string): Promise<CommandResult>;
  subscribe(listener: (e: EngineEvent) => void): () => void;
  state(): RolloutState;
  /**
   * Stops the loop, aborts running commands WITHOUT journaling their end (whether they took
   * effect is unknown: the next open finds them in doubt and verifies them), closes the
   * monitor and the journal (releasing the lock).
   */
  close(): Promise<void>;
}
