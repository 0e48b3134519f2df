import { statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** Where a journal and its lock live. */
export interface JournalPaths {
  /** The journal file (one JSON record per line). */
  readonly file: string;
  /** The writer's exclusive lock file, beside the journal. */
  readonly lock: string;
  /** The directory holding both (created by the writer if missing). */
  readonly dir: string;
}

/** File name of the journal inside a `--journal DIR` directory. */
export const JOURNAL_FILE_NAME = 'journal.jsonl';
/** File name of the lock inside a `--journal DIR` directory. */
export const LOCK_FILE_NAME = 'journal.lock';

/**
 * Accepts what the CLI's `--journal` takes: a directory (journal `DIR/journal.jsonl`, lock
 * `DIR/journal.lock`) or a direct file path (lock: the same name with `.jsonl` replaced
 * by `.lock`). An existing directory or file is taken for what it is; a path that does not
 * exist yet is a file when it ends in `.jsonl`, else a directory to be created.
 * Idempotent: resolving the returned `file` gives the same paths again.
 */
export function resolveJournalPath(pathOrDir: string): JournalPaths {
  const stat = statSync(pathOrDir, { throwIfNoEntry: false });
  const isDir = stat !== undefined ? stat.isDirectory() : extname(pathOrDir) !== '.jsonl';
  if (isDir) {
    return {
      file: join(pathOrDir, JOURNAL_FILE_NAME),
      lock: join(pathOrDir, LOCK_FILE_NAME),
      dir: pathOrDir,
    };
  }
  const dir = dirname(pathOrDir);
  const name = basename(pathOrDir);
  const stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  return { file: pathOrDir, lock: join(dir, `${stem}.lock`), dir };
}

/** A file beside the journal with its stem: `DIR/journal.head` for `DIR/journal.jsonl`. */
export function besideJournal(journalFile: string, extension: string): string {
  const name = basename(journalFile);
  const stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  return join(dirname(journalFile), `${stem}.${extension}`);
}
