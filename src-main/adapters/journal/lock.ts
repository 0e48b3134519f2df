import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/** Who holds a journal's write lock; this is the lock file's JSON content. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the lock was taken. */
  readonly since: string;
  /** Random per-acquisition value, so a process only ever removes its own lock. */
  readonly token: string;
}

/** A held lock. */
export interface JournalLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export type LockResult =
  | { readonly ok: true; readonly lock: JournalLock; readonly warnings: readonly string[] }
  | {
      readonly ok: false;
      /** One line, naming the journal, the holder (pid, host, since) and the lock file. */
      readonly message: string;
      readonly holder: LockHolder | null;
    };

/** Tries per acquisition; each lost race against another taker costs one. */
const MAX_ATTEMPTS = 5;

function describe(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.host} since ${holder.since}`;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) {
      return null;
    }
    const { pid, host, since, token } = raw as Record<string, unknown>;
    if (
      typeof pid !== 'number' ||
      typeof host !== 'string' ||
      typeof since !== 'string' ||
      typeof token !== 'string'
    ) {
      return null;
    }
    return { pid, host, since, token };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else — still a live holder.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') {
      return null;
    }
    throw e;
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') {
      throw e;
    }
  }
}

/**
 * Takes the exclusive write lock of a journal. The lock file is written completely under a
 * private temporary name, then hard-linked into place: `link` fails if the name exists,
 * exactly like `O_CREAT|O_EXCL`, and a reader never sees a half-written lock.
 * A lock whose holder runs on this host but is no longer alive is stale and is taken over
 * with a warning; a live holder, or one on another host (we cannot tell whether it runs),
 * refuses the lock with a one-line message naming it.
 *
 * @param journalFile named in messages.
 * @param now the acquisition time recorded as `since`.
 */
export async function acquireLock(
  lockPath: string,
  journalFile: string,
  now: Date,
): Promise<LockResult> {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: now.toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const content = `${JSON.stringify(me)}\n`;
  const tmp = `${lockPath}.${me.pid}.${me.token}.tmp`;
  const warnings: string[] = [];
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      try {
        await link(tmp, lockPath);
        return { ok: true, lock: heldLock(lockPath, me), warnings };
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') {
          throw e;
        }
      }
      const text = await readText(lockPath);
      if (text === null) {
        continue; // released between our link and our read: try again
      }
      const holder = parseHolder(text);
      if (holder === null) {
        return {
          ok: false,
          holder: null,
          message: `journal ${journalFile} is locked by ${lockPath}, whose content is not a lock record (expected {"pid","host","since","token"}); remove it by hand if no ringside process is running`,
        };
      }
      if (holder.host !== me.host || isAlive(holder.pid)) {
        return {
          ok: false,
          holder,
          message: `journal ${journalFile} is locked by ${describe(holder)} (lock file ${lockPath})`,
        };
      }
      if (await evictStale(lockPath, text, me.token)) {
        warnings.push(
          `took over the stale lock of ${describe(holder)} on journal ${journalFile}: that process is no longer running`,
        );
      }
    }
    return {
      ok: false,
      holder: null,
      message: `journal ${journalFile}: could not take the lock ${lockPath} after ${MAX_ATTEMPTS} attempts (other processes keep taking it)`,
    };
  } finally {
    await unlinkQuietly(tmp);
  }
}

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of several processes evicting
 * the same stale lock only one succeeds; if what we moved is no longer the stale lock we
 * read (another process replaced it meanwhile), we put it back.
 */
async function evictStale(lockPath: string, staleText: string, token: string): Promise<boolean> {
  const aside = `${lockPath}.stale-${token}`;
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') {
      return false;
    }
    throw e;
  }
  const moved = await readText(aside);
  if (moved !== staleText) {
    try {
      await link(aside, lockPath);
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') {
        throw e;
      }
    }
    await unlinkQuietly(aside);
    return false;
  }
  await unlinkQuietly(aside);
  return true;
}

function heldLock(path: string, holder: LockHolder): JournalLock {
  let released = false;
  return {
    path,
    holder,
    async release(): Promise<void> {
      if (released) {
        return;
      }
      released = true;
      const current = await readText(path);
      // Only remove our own lock: after a (wrong) takeover the file may be someone else's.
      if (current !== null && parseHolder(current)?.token === holder.token) {
        await unlinkQuietly(path);
      }
    },
  };
}
