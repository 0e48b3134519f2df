import type { EventOf } from './event';
import { failedByPerson, waitForPerson } from './evolve-host';
import type { RolloutState } from './state';
import type { Writer } from './writer';

/** Events about a host waiting for a key's passphrase. */
export type PassphraseEvent = EventOf<'HostNeedsPassphrase' | 'PassphraseRetried' | 'HostGivenUp'>;

/**
 * Applies a passphrase event (see `apply` in evolve.ts for the writer's contract). A host
 * whose key could not be unlocked waits for a person like one whose host key is unknown:
 * neither done nor failed, so no budget counts it and its domain does not complete.
 */
export function applyPassphrase(w: Writer, s: RolloutState, e: PassphraseEvent): RolloutState {
  const h = s.hosts[e.host];
  if (!h) {
    return s;
  }
  switch (e.type) {
    case 'HostNeedsPassphrase':
      return waitForPerson(w, s, h, { status: 'needs-passphrase', passphraseKey: e.key });
    case 'PassphraseRetried':
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'retry-passphrase',
        detail: `${e.host} ${e.key}`,
      });
      return w.host(s, h.name, {
        status: h.statusBeforeApproval ?? 'pending',
        statusBeforeApproval: null,
        passphraseKey: null,
      });
    case 'HostGivenUp': {
      s = w.action(s, {
        at: e.at,
        by: e.by,
        action: 'give-up-host',
        detail: `${e.host}: ${e.reason}`,
      });
      return failedByPerson(w, s, h, `given up by ${e.by}: ${e.reason}`);
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}
