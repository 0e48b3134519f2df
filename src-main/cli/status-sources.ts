/**
 * Where `ringside status` reads a rollout: a journal file (its lock file says who drives it,
 * its head signature is reported) or a team journal in PostgreSQL (its lease says who
 * drives it and until when). Both give the state, the recent records and one driver line.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolveJournalPath } from '../adapters/journal';
import { checkHeadSignature } from '../adapters/journal/head-signature';
import { leaseView, type LeaseRow } from '../adapters/journal-pg';
import type { RolloutEvent, RolloutState } from '../core/rollout';
import type { Driver } from '../core/rollout/status-view';
import { leaseHolderWords } from '../core/words';
import { loadRolloutState, loadTeamRolloutState } from '../runtime/load-rollout-state';

/** What status prints from, whichever journal. */
export type StatusSource =
  | {
      readonly ok: true;
      readonly journal: string;
      readonly state: RolloutState;
      readonly recent: readonly { seq: number; event: RolloutEvent }[];
      readonly warnings: readonly string[];
      readonly driver: Driver | null;
      readonly driverLine: string;
      /** The signature line of a journal file; null for a team journal. */
      readonly journalLine: string | null;
      readonly lease: (LeaseRow & { live: boolean }) | null;
      /** A team journal's last record (where a follow starts); null for a file. */
      readonly head: { readonly seq: number; readonly hash: string } | null;
    }
  | { readonly ok: false; readonly message: string };

async function lockHolder(file: string): Promise<Driver | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Partial<Driver>;
    if (typeof raw.pid !== 'number' || typeof raw.host !== 'string') {
      return null;
    }
    try {
      process.kill(raw.pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') {
        return null; // a stale lock: nobody drives the rollout
      }
    }
    return { pid: raw.pid, host: raw.host, since: typeof raw.since === 'string' ? raw.since : '?' };
  } catch {
    return null;
  }
}

/** A journal file or directory. */
export async function fileStatusSource(
  pathOrDir: string,
  count: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StatusSource> {
  const paths = resolveJournalPath(pathOrDir);
  if (!existsSync(paths.file)) {
    return { ok: false, message: `${paths.file}: no journal there` };
  }
  const loaded = await loadRolloutState(paths.file, count);
  if (!loaded.ok) {
    return { ok: false, message: loaded.error.message };
  }
  const driver = await lockHolder(paths.lock);
  const sig = await checkHeadSignature(paths.file, null, { ...env });
  return {
    ok: true,
    journal: paths.file,
    state: loaded.state,
    recent: loaded.recent,
    warnings: loaded.warnings,
    driver,
    driverLine: driver
      ? `driven by pid ${driver.pid} on ${driver.host} since ${driver.since}`
      : 'not driven by any process (ringside run PLAN --journal ... resumes it)',
    journalLine:
      sig.kind === 'unsigned'
        ? 'journal: unsigned'
        : sig.kind === 'invalid'
          ? `journal: ${sig.message}`
          : `journal: head signed at seq ${sig.anchor.seq} (ringside verify --allowed-signers FILE checks it)`,
    lease: null,
    head: null,
  };
}

/** A team journal: postgres://…?rollout=NAME. */
export async function teamStatusSource(
  url: string,
  count: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StatusSource> {
  const loaded = await loadTeamRolloutState(url, env, count);
  if (!loaded.ok) {
    return { ok: false, message: loaded.message };
  }
  const lease = loaded.lease;
  const live = lease !== null && lease.remainingMs > 0;
  return {
    ok: true,
    journal: loaded.shown,
    state: loaded.state,
    recent: loaded.recent,
    warnings: [],
    driver:
      live && lease !== null
        ? { pid: lease.pid, host: lease.machine, since: lease.acquiredAt?.toISOString() ?? '?' }
        : null,
    driverLine:
      live && lease !== null
        ? `driven by ${leaseHolderWords(leaseView(lease))}`
        : `not driven by anyone (ringside run PLAN --journal '${loaded.shown}' resumes it)`,
    journalLine: null,
    lease: lease === null ? null : { ...lease, live },
    head: loaded.head,
  };
}
