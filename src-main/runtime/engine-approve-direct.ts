/**
 * A host-key approval applied to a journal no process is driving: take the lock, replay,
 * check that the host waits on exactly this key, record the key in Ringside's known_hosts
 * through the executor (it asks the host for its key and compares fingerprints), then
 * journal the approval. A live run gets the approval through its inbox instead.
 */
import { existsSync } from 'node:fs';
import { openJournal, resolveJournalPath } from '../adapters/journal';
import type { SshExecutor } from '../adapters/ssh';
import { decide, parseRolloutEvent, replay, type RolloutEvent } from '../core/rollout';
import type { DirectResult } from './direct-command';

/** Approves `fingerprint` for `host` in the journal at `journalPath` (directory or file). */
export async function approveHostDirect(
  journalPath: string,
  c: { readonly by: string; readonly host: string; readonly fingerprint: string },
  executor: SshExecutor,
  now: () => number = Date.now,
): Promise<DirectResult> {
  const paths = resolveJournalPath(journalPath);
  if (!existsSync(paths.file)) {
    return { kind: 'bad-journal', message: `${paths.file}: no journal there` };
  }
  const opened = await openJournal<RolloutEvent>(journalPath, { parseEvent: parseRolloutEvent });
  if (!opened.ok) {
    return opened.error.kind === 'locked'
      ? { kind: 'locked', message: opened.error.message }
      : { kind: 'bad-journal', message: opened.error.message };
  }
  const journal = opened.journal;
  try {
    const state = replay(journal.events());
    const host = state.plan?.hosts.find((h) => h.name === c.host);
    if (state.plan === null) {
      return { kind: 'bad-journal', message: `${journal.path}: the journal holds no rollout` };
    }
    const d = decide(state, { type: 'approveHost', ...c }, now());
    if (!d.ok || !host) {
      // Nothing is written to known_hosts for a key the host is not waiting on.
      return { kind: 'refused', reason: d.ok ? `host ${c.host} is not in the plan` : d.reason };
    }
    const recorded = await executor.approveHostKey(host, c.fingerprint);
    if (!recorded.ok) {
      return { kind: 'refused', reason: `cannot record the key of ${c.host}: ${recorded.reason}` };
    }
    await journal.append(d.events);
    return { kind: 'accepted', events: d.events };
  } finally {
    await journal.close();
  }
}
