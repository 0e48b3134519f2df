import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { headAnchorPath, resolveJournalPath, scanJournal } from '../adapters/journal';
import { parseRolloutEvent, type RolloutEvent } from '../core/rollout';
import { Exit, UsageError, parseVerbArgs, type Verb } from './args';

const usage = `Usage: ringside verify JOURNAL

Checks a journal from its first line to its last: every line's sequence number, its link to
the previous line's hash, its own hash, and that its event is one this version understands;
then that the chain reaches the head anchor beside it (journal.head: the seq and hash of the
last record written), so whole records cut off the end are seen too. Read-only: takes no lock
and repairs nothing.

Prints what it checked (events, head seq, anchor, signature) and exits 0; or names the first
bad line, or the truncation, and exits 2. A torn last line (a crash mid-write; it was never
acknowledged and is cut away when the journal is next opened) is reported, not an error.
Journals written before anchors existed say "no head anchor (journal predates anchors)".

Exit codes: 0 intact, 2 damaged or not a journal.`;

/** ringside verify JOURNAL. */
export const verifyVerb: Verb = {
  name: 'verify',
  summary: "check a journal's hash chain and head anchor (read-only)",
  usage,
  run: async (argv, io) => {
    const { positionals } = parseVerbArgs('verify', argv, {});
    const journal = positionals[0];
    if (positionals.length !== 1 || journal === undefined) {
      throw new UsageError(
        `ringside verify: expected exactly one JOURNAL, got ${positionals.length} (see ringside verify --help)`,
      );
    }
    const paths = resolveJournalPath(resolve(io.cwd, journal));
    if (!existsSync(paths.file)) {
      io.err(`ringside verify: ${paths.file}: no journal there`);
      return Exit.badInput;
    }
    const scan = await scanJournal<RolloutEvent>(paths.file, () => undefined, {
      parseEvent: parseRolloutEvent,
    });
    if (!scan.ok) {
      io.err(`ringside verify: ${scan.error.message}`);
      return Exit.badInput;
    }
    io.out(`${paths.file}: ${scan.count} events, hash chain intact, head seq ${scan.lastSeq}`);
    io.out(
      scan.anchor === null
        ? 'no head anchor (journal predates anchors): records cut off the end cannot be detected'
        : `head anchor ${headAnchorPath(paths.file)}: seq ${scan.anchor.seq} matches`,
    );
    for (const w of scan.warnings) {
      io.out(`repaired on next open: ${w}`);
    }
    io.out('unsigned (no operator signature on this journal)');
    return Exit.ok;
  },
};
