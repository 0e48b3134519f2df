/**
 * Operator decisions the engine takes part in: approving a host key (the key is recorded in
 * Ringside's known_hosts before the approval is journaled) and auto-promotion (which gives
 * undecided gates a few readings after bake end before it gives up, failing closed).
 */
import type { GateScheduler } from './engine-gates';
import { missingApprovals } from './outcome';
import type { Host } from '../core/model/host';
import type { RolloutState } from '../core/rollout';
import type { SshExecutor } from '../adapters/ssh';
import type { CommandResult, EngineOperatorCommand, RunOptions, RunOutcome } from './engine-types';

/** Gate rounds auto-promotion waits for after bake end while a gate is pending or inconclusive. */
export const GATE_ROUNDS_AFTER_BAKE = 3;

/** What approving a host key needs from the engine. */
export interface HostKeyDeps {
  readonly hosts: ReadonlyMap<string, Host>;
  readonly state: () => RolloutState;
  readonly executor: SshExecutor;
  /** Decides and journals an operator command (no side effect of its own). */
  readonly decide: (c: EngineOperatorCommand, commandId?: string) => Promise<CommandResult>;
}

/**
 * Records the key with the executor (known_hosts), then journals the approval. A key the
 * host is not waiting on is never written: decide words the refusal.
 */
export async function approveHostKey(
  d: HostKeyDeps,
  by: string,
  host: string,
  fingerprint: string,
  commandId?: string,
): Promise<CommandResult> {
  const h = d.hosts.get(host);
  const s = d.state().hosts[host];
  if (!h || !s) {
    return { ok: false, reason: `host ${host} is not in this rollout` };
  }
  const command = { type: 'approveHost', by, host, fingerprint } as const;
  if (s.status !== 'needs-approval' || s.fingerprint !== fingerprint) {
    return d.decide(command, commandId);
  }
  const recorded = await d.executor.approveHostKey(h, fingerprint);
  if (!recorded.ok) {
    return { ok: false, reason: `cannot record the key of ${host}: ${recorded.reason}` };
  }
  return d.decide(command, commandId);
}

/**
 * Asks again for the passphrase a host waits for: the executor forgets that the key was not
 * unlocked (so the host's next connection asks), then the retry is journaled.
 */
export async function retryPassphrase(
  d: HostKeyDeps,
  c: Extract<EngineOperatorCommand, { type: 'retryPassphrase' }>,
  commandId?: string,
): Promise<CommandResult> {
  const key = d.state().hosts[c.host]?.passphraseKey;
  if (key !== null && key !== undefined) {
    d.executor.askPassphraseAgain(key);
  }
  return d.decide(c, commandId);
}

/**
 * With --auto-promote: promotes a ring waiting for promotion. Returns null to keep looping
 * (promoted, or gates still undecided within their grace rounds), or the outcome to return.
 *
 * @param gates the engine's gate scheduler: rounds finished since a time, and when this
 *   process began reading gates.
 */
export async function autoPromote(
  s: RolloutState,
  opts: RunOptions,
  by: string,
  promote: (by: string, o: { note?: string; override?: string }) => Promise<CommandResult>,
  gates: Pick<GateScheduler, 'roundsSince' | 'watchingSince'>,
): Promise<RunOutcome | null> {
  const ring = s.rings[s.currentRing];
  if (s.status !== 'waiting-promotion' || !opts.autoPromote || opts.until === 'ring' || !ring) {
    return null;
  }
  const note = 'promoted by run --auto-promote';
  const plain = await promote(by, { note });
  if (plain.ok) {
    return null;
  }
  // Platform gates block promotion too (core), so they get the same grace readings.
  const undecided = [...Object.values(ring.gates), ...Object.values(s.platformGates)].some(
    (g) => g.outcome === 'pending' || g.outcome === 'inconclusive',
  );
  // An override stands for "no telemetry at all": one reading is enough to know that.
  const grace = opts.overrideReason !== undefined ? 1 : GATE_ROUNDS_AFTER_BAKE;
  // A restart loses the telemetry collected so far, so the gates' windows start empty: the
  // bake waits for them, a whole bake's length of readings from this process's first round
  // (the monitor reads them as final only then), before the usual grace readings.
  const bakeMs = s.plan?.rings[s.currentRing]?.bakeMs ?? 0;
  const decideFrom =
    ring.bakeEndsAt === null
      ? null
      : Math.max(ring.bakeEndsAt, (gates.watchingSince ?? ring.bakeEndsAt) + bakeMs);
  if (undecided && decideFrom !== null && gates.roundsSince(decideFrom) < grace) {
    return null; // the next readings may still turn the gates to pass: wait for them
  }
  if (opts.overrideReason !== undefined) {
    const forced = await promote(by, { note, override: opts.overrideReason });
    if (forced.ok) {
      return null;
    }
    return {
      kind: 'waiting-promotion',
      ring: ring.name,
      why: forced.reason,
      approvalsMissing: missingApprovals(ring),
    };
  }
  return {
    kind: 'waiting-promotion',
    ring: ring.name,
    why: plain.reason,
    approvalsMissing: missingApprovals(ring),
  };
}
