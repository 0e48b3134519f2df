/**
 * The SSH executor contract the rollout engine depends on. The real adapter (ssh2) and the
 * simulator's in-process executor both implement it.
 */
import type { Host } from '../../core/model/host';
import type { OfferedKeyMatch } from './known-hosts';
import type { OutputLine, OutputStream } from './line-buffer';

export type { OutputLine, OutputStream } from './line-buffer';

/** Which endpoint a host-key or connection problem is about (a bastion or the host itself). */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
  /** `bastion` when the endpoint is a ProxyJump hop on the way to the host. */
  readonly role: 'host' | 'bastion';
}

/** Outcome of one remote command; every expected failure is a value, not an exception. */
export type ExecResult =
  | {
      readonly kind: 'ok';
      readonly exitCode: 0;
      readonly durationMs: number;
      readonly tail: readonly OutputLine[];
    }
  | {
      readonly kind: 'failed';
      /** Null when the command died of a signal. */
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly durationMs: number;
      readonly tail: readonly OutputLine[];
    }
  | {
      readonly kind: 'timeout';
      readonly timeoutMs: number;
      readonly durationMs: number;
      readonly tail: readonly OutputLine[];
    }
  | {
      readonly kind: 'unreachable';
      readonly reason: string;
      readonly endpoint: Endpoint;
      readonly attempts: number;
    }
  | { readonly kind: 'auth-failed'; readonly reason: string; readonly endpoint: Endpoint }
  /**
   * Authentication failed and a key that might have opened it stayed locked: its passphrase
   * was declined, not answered, or wrong every time. Nothing ran; a person is needed, not a
   * verdict on the host. `keyPath` names the key (never the passphrase).
   */
  | {
      readonly kind: 'passphrase-needed';
      readonly keyPath: string;
      readonly reason: string;
      readonly endpoint: Endpoint;
    }
  | {
      readonly kind: 'host-key-unknown';
      readonly endpoint: Endpoint;
      readonly keyType: string;
      /** `SHA256:...` as OpenSSH prints it; pass it to `approveHostKey`. */
      readonly fingerprint: string;
      readonly note?: string;
    }
  | {
      readonly kind: 'host-key-changed';
      readonly endpoint: Endpoint;
      readonly keyType: string;
      readonly fingerprint: string;
      readonly knownFingerprint: string;
      /** `file:line` of the known_hosts entry that disagrees. */
      readonly knownAt: string;
    }
  | {
      readonly kind: 'host-key-revoked';
      readonly endpoint: Endpoint;
      readonly fingerprint: string;
      readonly knownAt: string;
    }
  | {
      readonly kind: 'cancelled';
      readonly durationMs: number;
      readonly tail: readonly OutputLine[];
    }
  | { readonly kind: 'bad-input'; readonly reason: string };

/** Options of one exec. */
export interface ExecOptions {
  /** Kill the remote command (signal + channel close) after this long. */
  readonly timeoutMs: number;
  /** Receives each output line as it arrives (lines are already bounded in length). */
  readonly onLine?: (stream: OutputStream, line: string) => void;
  /** Aborting closes the channel and resolves with `cancelled`. */
  readonly signal?: AbortSignal;
}

/** Per-host connection lifecycle (idle -> connecting -> connected | backing-off -> ... | given-up). */
export type ConnectionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'connected'; readonly since: number }
  | {
      readonly kind: 'backing-off';
      readonly attempt: number;
      readonly retryAt: number;
      readonly reason: string;
    }
  | { readonly kind: 'given-up'; readonly reason: string; readonly result: ExecResult['kind'] };

/** Result of approving a host key from the console. */
/**
 * The approval of a host key: recorded in `knownHostsFile` as `line`, or both null when the
 * host's key was already trusted (known_hosts gained it since the host asked).
 */
export type ApproveResult =
  | {
      readonly ok: true;
      readonly knownHostsFile: string | null;
      readonly line: string | null;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Which rollout step a command carries out: the attempt its HostStepStarted journaled, so a
 * transport whose service records commands (SSM) can tag the command with it and find it
 * again after a crash. The host is not part of it: one command may serve several hosts.
 */
export interface StepToken {
  /** The rollout: its plan hash and creation time. */
  readonly rollout: string;
  readonly phase: 'deploy' | 'rollback' | 'verify';
  readonly step: string;
  readonly attempt: number;
  /** When its HostStepStarted was journaled (ms since epoch; the command went out after). */
  readonly startedAt: number;
}

/**
 * What lets a transport send one step to several hosts as one command (SSM: one SendCommand
 * with several InstanceIds) without widening what the engine allows: steps with the same key
 * and the same rendered command may share a command; SSM's own MaxConcurrency and MaxErrors
 * are set from the two limits, never wider.
 */
export interface StepBatching {
  /** The ring and update domain: a command never spans two domains. */
  readonly key: string;
  /** Hosts of the domain the plan lets run at once (deploy.concurrency). */
  readonly concurrency: number;
  /**
   * Failures the ring's budget still allows (per domain and per ring, whichever is less);
   * null when failures of this phase count toward no budget (rollback, verify).
   */
  readonly maxErrors: number | null;
}

/** How a rollout step ended, and the service's id of the command when it has one (SSM). */
export interface StepExecResult {
  readonly result: ExecResult;
  /** The Systems Manager CommandId; null over SSH or when nothing was sent. */
  readonly ssmCommandId: string | null;
}

/**
 * What the transport knows of a step whose end a crash lost. `unrecorded`: it keeps no record
 * (SSH); `unknown`: it could not be asked; either way the engine verifies or re-runs as the
 * plan allows;
 * `not-sent`: no command for this attempt ever reached the service, so it may simply run;
 * `ended`: the command was found and waited for, and this is how it ended.
 */
export type StepRecovery =
  | { readonly kind: 'unrecorded' }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not-sent'; readonly reason: string }
  | { readonly kind: 'ended'; readonly ssmCommandId: string; readonly result: ExecResult };

/** What the engine needs from an SSH transport. */
export interface SshExecutor {
  /** Run `command` (already rendered and quoted) on `host`, reusing its connection. */
  exec(host: Host, command: string, opts: ExecOptions): Promise<ExecResult>;
  /**
   * Run a rollout step's `command` on `host`, tagged with the step's token where the service
   * keeps a record of commands. Required: the engine runs every step through it, so a
   * transport that cannot tag would not type-check.
   */
  execStep(
    host: Host,
    command: string,
    step: StepToken,
    batch: StepBatching,
    opts: ExecOptions,
  ): Promise<StepExecResult>;
  /**
   * Asks the service what became of `step` on `host` after a crash lost its end, waiting
   * for a command still running. Required: the resume path needs it (SSH answers `unknown`).
   */
  recover(host: Host, step: StepToken, opts: ExecOptions): Promise<StepRecovery>;
  /** Record a key the operator approved (a fingerprint from a `host-key-unknown` result). */
  approveHostKey(host: Host, fingerprint: string): Promise<ApproveResult>;
  /**
   * Where the known_hosts files stand on a key `host` offered earlier, known by its
   * fingerprint (a rollout resumed while the host waits for approval), without connecting:
   * an entry for the endpoint a connection checks (`[address]:port`) or for the host's name.
   * A `match` found under the name only is recorded for the endpoint in Ringside's own
   * known_hosts (as an approval records it), so the next connection trusts it.
   * Required: the resume path needs it, so a wrapper that dropped it would not type-check.
   */
  knownOfferedKey(host: Host, fingerprint: string): Promise<OfferedKeyMatch>;
  /**
   * Asks for `keyPath`'s passphrase again at the next connection that needs it: a key whose
   * passphrase was not given is otherwise not asked for again in this process (one decline
   * must not become a prompt per host). Required: the operator's retry needs it.
   */
  askPassphraseAgain(keyPath: string): void;
  /** Subscribe to lifecycle changes; returns the unsubscribe function. */
  onConnectionState(listener: (hostName: string, state: ConnectionState) => void): () => void;
  connectionState(hostName: string): ConnectionState;
  /** Close every connection; pending execs end as `cancelled` or `unreachable`. */
  close(): Promise<void>;
}

/** Wrong passphrases a person may type for one key before it is left locked. */
export const MAX_PASSPHRASE_ATTEMPTS = 3;

/**
 * Asks the operator for a key's passphrase; null leaves the key locked (a connection that
 * needed it ends `passphrase-needed`, and its host waits for a person until
 * `askPassphraseAgain`). `unlocks` tells whether a phrase opens the key, so a provider
 * remembers only one that does and asks again (a bounded number of times) after a typo.
 */
export type PassphraseProvider = (
  keyPath: string,
  unlocks: (passphrase: string) => boolean,
) => Promise<string | null>;

/** Time source, injected so backoff is testable without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
