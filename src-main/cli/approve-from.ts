/**
 * ringside approve JOURNAL --from FILE: bulk approval of waiting host keys against a file of
 * keys (`ssh-keyscan` output or known_hosts lines, hashed host fields included). Each host
 * whose offered key FILE lists for it is approved exactly as `approve JOURNAL HOST
 * --fingerprint FP` does (key recorded in Ringside's known_hosts, approval journaled, directly
 * or through a live run's inbox); every other waiting host is listed with why not. A
 * different key for a host is a warning and is never approved.
 */
import { readFile } from 'node:fs/promises';
import type { JournalPaths } from '../adapters/journal';
import {
  createSshExecutor,
  findOfferedKey,
  knownHostsName,
  parseKeyFileStrict,
  type SshExecutor,
} from '../adapters/ssh';
import { approveHostDirect } from '../runtime/engine-approve-direct';
import { loadRolloutState } from '../runtime/load-rollout-state';
import { Exit, UsageError, type CliIo } from './args';
import { deliverCommand } from './deliver-command';
import { issueCommand } from './issue-command';

/** Exit code when some host still waits for approval after the file was applied. */
export const SOME_STILL_WAIT = 3;

/** Approves every waiting host whose offered key `file` lists; see the module comment. */
export async function approveFromFile(
  paths: JournalPaths,
  file: string,
  by: string,
  io: CliIo,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UsageError(`ringside approve: cannot read ${file} (${code})`);
  }
  const parsed = parseKeyFileStrict(text, file);
  if (!parsed.ok) {
    throw new UsageError(`ringside approve: ${parsed.message}`);
  }
  const loaded = await loadRolloutState(paths.file);
  if (!loaded.ok) {
    io.err(`ringside approve: ${loaded.error.message}`);
    return Exit.badInput;
  }
  const state = loaded.state;
  if (state.plan === null) {
    io.err(`ringside approve: ${paths.file}: the journal holds no rollout`);
    return Exit.badInput;
  }
  const planHosts = new Map(state.plan.hosts.map((h) => [h.name, h]));
  const waiting = Object.values(state.hosts).filter(
    (h) => h.status === 'needs-approval' && h.fingerprint !== null,
  );
  if (waiting.length === 0) {
    io.out(`no host waits for a host-key approval in ${paths.file}`);
    return Exit.ok;
  }
  let executor: SshExecutor | null = null;
  let approved = 0;
  try {
    for (const h of waiting) {
      const planHost = planHosts.get(h.name);
      const fingerprint = h.fingerprint;
      if (planHost === undefined || fingerprint === null) {
        continue;
      }
      // As known_hosts names a host: its [address]:port, or its name.
      const names = [
        knownHostsName(planHost.address, planHost.port),
        knownHostsName(planHost.name, planHost.port),
      ];
      const found = findOfferedKey(parsed.entries, names, fingerprint);
      switch (found.kind) {
        case 'match': {
          const command = issueCommand('approve', {
            kind: 'approveHostKey',
            by,
            host: h.name,
            fingerprint,
          });
          if (command.kind !== 'approveHostKey') {
            throw new Error('issueCommand returned another kind');
          }
          executor ??= createSshExecutor(io.env.HOME ? { home: io.env.HOME } : {});
          const direct = await approveHostDirect(paths.file, command, executor);
          const code = await deliverCommand(
            'approve',
            `approve ${h.name} (${fingerprint}, ${found.entry.file}:${found.entry.line})`,
            command,
            paths,
            direct,
            io,
          );
          if (code === Exit.ok) {
            approved += 1;
          }
          break;
        }
        case 'different':
          io.err(
            `ringside approve: warning: ${h.name} not approved: ${found.entry.file}:${found.entry.line} lists key ${found.fingerprint} for it, but it offered ${fingerprint} (a different key is never approved; check the host)`,
          );
          break;
        case 'revoked':
          io.err(
            `ringside approve: warning: ${h.name} not approved: the key it offered (${fingerprint}) is @revoked in ${found.entry.file}:${found.entry.line}`,
          );
          break;
        case 'none':
          io.out(
            `${h.name} not approved: ${file} has no key for ${[...new Set(names)].join(' or ')}`,
          );
          break;
        default: {
          const never: never = found;
          return never;
        }
      }
    }
  } finally {
    await executor?.close();
  }
  io.out(`approved ${approved} of ${waiting.length} waiting host(s) from ${file}`);
  return approved === waiting.length ? Exit.ok : SOME_STILL_WAIT;
}
