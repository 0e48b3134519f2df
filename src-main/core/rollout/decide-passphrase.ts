/**
 * A host whose SSH key could not be unlocked (its passphrase declined, not answered, or
 * wrong every time) waits for a person instead of failing: a typo or a passphrase not at hand
 * is not a broken host, and must not spend a ring's failure budget. The person asks again
 * (`retryPassphrase`) or gives up on the host (`giveUpHost`, which fails it, with who and why).
 */
import type { EngineCommand, OperatorCommand } from './commands';
import type { Refusal } from './decide-operator';
import { afterHostSettledByHand, type Batch } from './rules';

/** The engine met a key it could not unlock: the host waits (nothing ran on it). */
export function hostNeedsPassphrase(
  b: Batch,
  c: Extract<EngineCommand, { type: 'hostNeedsPassphrase' }>,
): Refusal | undefined {
  const h = b.state.hosts[c.host];
  if (!h) {
    return `host ${c.host} is not in this rollout`;
  }
  if (h.status === 'needs-passphrase') {
    return `host ${c.host} already waits for the passphrase of ${h.passphraseKey ?? 'a key'}`;
  }
  if (h.status === 'needs-approval') {
    return `host ${c.host} waits for a host-key approval first`;
  }
  // Only a step's connection meets the key: a host with no step journaled as started has
  // nothing to wait for (and a host of another ring must not be settled from here).
  if (!h.running) {
    return `host ${c.host} is not running a step, so no connection of it waits for a passphrase`;
  }
  b.emit({ type: 'HostNeedsPassphrase', at: b.now, host: c.host, key: c.key });
  return undefined;
}

function waiting(b: Batch, host: string): Refusal | undefined {
  const h = b.state.hosts[host];
  if (!h) {
    return `host ${host} is not in this rollout`;
  }
  if (h.status !== 'needs-passphrase') {
    return `host ${host} is not waiting for a key passphrase`;
  }
  return undefined;
}

/** Asks again: the host returns to where it was, and its next connection asks for the key. */
export function retryPassphrase(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'retryPassphrase' }>,
): Refusal | undefined {
  const refused = waiting(b, c.host);
  if (refused !== undefined) {
    return refused;
  }
  const key = b.state.hosts[c.host]?.passphraseKey ?? '?';
  b.emit({ type: 'PassphraseRetried', at: b.now, host: c.host, key, by: c.by });
  return undefined;
}

/** Gives up on the host: it fails the phase it was in, which counts toward the budgets. */
export function giveUpHost(
  b: Batch,
  c: Extract<OperatorCommand, { type: 'giveUpHost' }>,
): Refusal | undefined {
  const refused = waiting(b, c.host);
  if (refused !== undefined) {
    return refused;
  }
  if (c.reason.trim() === '') {
    return `giving up on host ${c.host} needs a written reason`;
  }
  b.emit({ type: 'HostGivenUp', at: b.now, host: c.host, by: c.by, reason: c.reason.trim() });
  afterHostSettledByHand(b, c.host);
  return undefined;
}
