/**
 * A host-key approval applied to a journal no process is driving: take the lock, replay,
 * check that the host waits on exactly this key, record the key in Ringside's known_hosts
 * through the executor (it asks the host for its key and compares fingerprints), then
 * journal the approval. A live run gets the approval through its inbox instead.
 */
import type { SshExecutor } from '../adapters/ssh';
import { decide } from '../core/rollout';
import { withIdleJournal, type DirectResult } from './direct-command';
import { toEngineCommand, type RolloutOperatorCommand } from './operator-command';

/** Approves `fingerprint` for `host` in the journal at `journalPath` (directory or file). */
export function approveHostDirect(
  journalPath: string,
  c: Extract<RolloutOperatorCommand, { kind: 'approveHostKey' }>,
  executor: SshExecutor,
  now: () => number = Date.now,
): Promise<DirectResult> {
  return withIdleJournal(
    journalPath,
    async (state) => {
      const host = state.plan?.hosts.find((h) => h.name === c.host);
      const d = decide(state, toEngineCommand(c), now());
      if (!d.ok || !host) {
        // Nothing is written to known_hosts for a key the host is not waiting on.
        return { kind: 'refused', reason: d.ok ? `host ${c.host} is not in the plan` : d.reason };
      }
      const recorded = await executor.approveHostKey(host, c.fingerprint);
      if (!recorded.ok) {
        return {
          kind: 'refused',
          reason: `cannot record the key of ${c.host}: ${recorded.reason}`,
        };
      }
      return { kind: 'accepted', events: d.events };
    },
    { stamp: c.stamp, now },
  );
}
