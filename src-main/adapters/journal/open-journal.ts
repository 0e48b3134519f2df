import { mkdir, open, stat, truncate } from 'node:fs/promises';
import { openHeadAnchor } from './head-anchor';
import { loadJournal, type JournalLoadError } from './load';
import { JournalWriter, type Journal } from './journal-writer';
import { acquireLock, type JournalLock, type LockHolder } from './lock';
import { resolveJournalPath } from './paths';
import { expectPlanHash, type PlanHostView } from './plan-identity';
import { type EventParser, type JournalEvent, type JournalRecord } from './record';
import { startTailCheck, type TailStart } from './tail-check';

/** Options of {@link openJournal}. */
export interface OpenJournalOptions<E extends JournalEvent> {
  /** Refuse a journal whose first event names another plan hash. */
  readonly expectPlanHash?: string;
  /** Today's resolved hosts: a refused journal then names the hosts that resolve differently. */
  readonly expectPlanHosts?: readonly PlanHostView[];
  /** Validates each loaded event; default: any object with a string `type`. */
  readonly parseEvent?: EventParser<E>;
  /** Time recorded in the lock file; default: the current time. */
  readonly now?: Date;
  /**
   * Asked once the lock is held: a record known good (a checkpoint's, checked against the
   * journal) to read on from, or null to read from the first record. When given, only the
   * records after it are read and kept (`loadedRecords`), the chain continues from its hash,
   * and the plan check is the caller's (it has the checkpoint's state; `expectPlanHash`
   * applies only to a journal read from its first record).
   */
  readonly resumeAt?: (journalFile: string) => Promise<TailStart | null>;
}

/** Why a journal could not be opened for writing; every `message` is one line. */
export type OpenJournalError =
  | { readonly kind: 'locked'; readonly message: string; readonly holder: LockHolder | null }
  | JournalLoadError
  | { readonly kind: 'plan-mismatch'; readonly message: string; readonly found: string | null }
  | { readonly kind: 'io'; readonly message: string };

export type OpenJournalResult<E extends JournalEvent> =
  | { readonly ok: true; readonly journal: Journal<E> }
  | { readonly ok: false; readonly error: OpenJournalError };

/**
 * Opens (or creates) a journal for appending: takes the exclusive lock, verifies the
 * existing chain (from the record `resumeAt` gives, else from the first), cuts a torn last
 * line away, checks the plan hash, and continues the chain.
 * Accepts a journal file or a `--journal` directory (see `resolveJournalPath`).
 */
export async function openJournal<E extends JournalEvent = JournalEvent>(
  pathOrDir: string,
  options: OpenJournalOptions<E> = {},
): Promise<OpenJournalResult<E>> {
  const paths = resolveJournalPath(pathOrDir);
  try {
    await mkdir(paths.dir, { recursive: true });
  } catch (e) {
    return {
      ok: false,
      error: {
        kind: 'io',
        message: `${paths.dir}: cannot create journal directory (${errorText(e)})`,
      },
    };
  }
  const locked = await acquireLock(paths.lock, paths.file, options.now ?? new Date());
  if (!locked.ok) {
    return { ok: false, error: { kind: 'locked', message: locked.message, holder: locked.holder } };
  }
  try {
    const opened = await openLocked(paths.file, paths.dir, locked.lock, options);
    if (!opened.ok) {
      await locked.lock.release();
      return opened;
    }
    opened.warnings.unshift(...locked.warnings);
    return { ok: true, journal: opened.journal };
  } catch (e) {
    await locked.lock.release();
    return {
      ok: false,
      error: { kind: 'io', message: `${paths.file}: cannot open journal (${errorText(e)})` },
    };
  }
}

async function openLocked<E extends JournalEvent>(
  file: string,
  dir: string,
  lock: JournalLock,
  options: OpenJournalOptions<E>,
): Promise<
  { ok: true; journal: Journal<E>; warnings: string[] } | { ok: false; error: OpenJournalError }
> {
  const exists = (await stat(file).catch(() => null)) !== null;
  const warnings: string[] = [];
  let records: JournalRecord<E>[] = [];
  let bytes = 0;
  const from = exists && options.resumeAt ? await options.resumeAt(file) : null;
  if (exists) {
    const loaded = await loadJournal<E>(file, {
      ...(options.parseEvent ? { parseEvent: options.parseEvent } : {}),
      ...(from ? { from, checkedTail: startTailCheck(file, from) } : {}),
    });
    if (!loaded.ok) {
      return loaded;
    }
    records = loaded.records;
    bytes = loaded.validBytes;
    warnings.push(...loaded.warnings);
    if (loaded.validBytes < loaded.fileBytes) {
      // Appends must start on a line boundary; the torn tail was never acknowledged.
      await truncate(file, loaded.validBytes);
    }
  }
  if (options.expectPlanHash !== undefined && from === null) {
    const identity = expectPlanHash(
      records,
      options.expectPlanHash,
      `journal ${file}`,
      options.expectPlanHosts,
    );
    if (!identity.ok) {
      return {
        ok: false,
        error: { kind: 'plan-mismatch', message: identity.message, found: identity.found },
      };
    }
  }
  const fh = await open(file, 'a');
  if (!exists) {
    // Make the new directory entry itself durable, not only the file's bytes.
    await syncDir(dir);
  } else {
    await fh.datasync(); // the truncation, if any
  }
  const anchor = await openHeadAnchor(file);
  const journal = new JournalWriter<E>(file, fh, lock, anchor, records, from, warnings, bytes);
  return { ok: true, journal, warnings };
}

async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
