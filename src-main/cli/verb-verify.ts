import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { headAnchorPath, resolveJournalPath, scanJournal } from '../adapters/journal';
import { isTeamUrl, loadTeamRollout } from '../adapters/journal-pg';
import { checkHeadSignature } from '../adapters/journal/head-signature';
import { parseRolloutEvent, type RolloutEvent } from '../core/rollout';
import { checkCheckpoint } from '../runtime/checkpoint-check';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';

const usage = `Usage: ringside verify JOURNAL|URL [--allowed-signers FILE]

URL: a team journal (postgres://HOST[:PORT]/DB?rollout=NAME), checked record by record the same way.

Checks a journal from its first line to its last: every line's sequence number, its link to
the previous line's hash, its own hash, and that its event is one this version understands;
then that the chain reaches the head anchor beside it (journal.head: the seq and hash of the
last record written), so whole records cut off the end are seen too; and that the checkpoint
beside it (journal.checkpoint, the state snapshot opening starts from) equals the state
replayed from the first record to its seq. Read-only: takes no lock
and repairs nothing.

Prints what it checked (events, head seq, anchor, signature) and exits 0; or names the first
bad line, or the truncation, and exits 2. A torn last line (a crash mid-write; it was never
acknowledged and is cut away when the journal is next opened) is reported, not an error.
Journals written before anchors existed say "no head anchor (journal predates anchors)".

When the journal's head was signed (run --sign-with KEY), --allowed-signers FILE (OpenSSH's
allowed_signers format) checks the signature with ssh-keygen -Y verify and that the chain
still has the signed record: a history rewritten with recomputed hashes fails. Without the
file the signature is reported, not checked; an unsigned journal says "unsigned".

Exit codes: 0 intact, 2 damaged, not a journal, or a signature that does not hold.`;

/** ringside verify JOURNAL. */
export const verifyVerb: Verb = {
  name: 'verify',
  summary: "check a journal's hash chain and head anchor (read-only)",
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('verify', argv, {
      'allowed-signers': { type: 'string' },
    });
    const journal = positionals[0];
    if (positionals.length !== 1 || journal === undefined) {
      throw new UsageError(
        `ringside verify: expected exactly one JOURNAL, got ${positionals.length} (see ringside verify --help)`,
      );
    }
    if (isTeamUrl(journal)) {
      return verifyTeam(journal, io);
    }
    const paths = resolveJournalPath(resolve(io.cwd, journal));
    if (!existsSync(paths.file)) {
      io.err(`ringside verify: ${paths.file}: no journal there`);
      return Exit.badInput;
    }
    const allowed =
      values['allowed-signers'] !== undefined ? resolve(io.cwd, values['allowed-signers']) : null;
    const sig = await checkHeadSignature(paths.file, allowed, { ...io.env });
    const signedSeq = sig.kind === 'valid' || sig.kind === 'unchecked' ? sig.anchor.seq : -1;
    let signedHash: string | undefined;
    const checkpoint = await checkCheckpoint(paths.file);
    const scan = await scanJournal<RolloutEvent>(
      paths.file,
      (r) => {
        if (r.seq === signedSeq) {
          signedHash = r.hash;
        }
        checkpoint.onRecord(r);
      },
      { parseEvent: parseRolloutEvent },
    );
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
    const cp = checkpoint.verdict();
    if (cp.damaged) {
      io.err(`ringside verify: ${paths.file}: ${cp.line}`);
      return Exit.badInput;
    }
    io.out(cp.line);
    switch (sig.kind) {
      case 'unsigned':
        io.out('unsigned (no operator signature on this journal)');
        return Exit.ok;
      case 'invalid':
        io.err(`ringside verify: ${sig.message}`);
        return Exit.badInput;
      case 'unchecked':
      case 'valid': {
        // The signature covers one record: the chain must still have it, with that hash.
        const at = sig.anchor.seq;
        if (at > scan.lastSeq || signedHash !== sig.anchor.hash) {
          io.err(
            `ringside verify: ${paths.file}: record seq ${at} does not have the hash the signed head records: the history was rewritten after it was signed`,
          );
          return Exit.badInput;
        }
        const tail = scan.lastSeq - at;
        const covers = `covers seq 1..${at}${tail > 0 ? `; ${tail} later record${tail === 1 ? '' : 's'} unsigned` : ''}`;
        io.out(
          sig.kind === 'valid'
            ? `signed by ${sig.principal} (checked against ${allowed ?? ''}): ${covers}`
            : `signed, not checked (pass --allowed-signers FILE to check it): ${covers}`,
        );
        return Exit.ok;
      }
      default: {
        const never: never = sig;
        return never;
      }
    }
  },
};

/**
 * A team journal: every record re-checked (seq, link, hash) as read back. Its head needs no
 * anchor file: rows are append-only and fenced in the database.
 */
async function verifyTeam(url: string, io: CliIo): Promise<number> {
  const t = await loadTeamRollout<RolloutEvent>(url, io.env, parseRolloutEvent);
  if (!t.ok) {
    io.err(`ringside verify: ${t.message}`);
    return Exit.badInput;
  }
  const last = t.records.at(-1);
  io.out(
    `${t.url.shown}: ${t.records.length} events, hash chain intact, head seq ${last?.seq ?? 0}`,
  );
  io.out(
    'team journal: rows are append-only and each was checked by the database on insert (lease epoch, link, hash)',
  );
  return Exit.ok;
}
