/**
 * approve | reject | resolve | retry-passphrase | give-up JOURNAL HOST: the verbs that move a
 * host waiting for a person (an unknown host key, a step in doubt that nothing can verify, a
 * key whose passphrase was not given). Like promote, each is handed to the run holding the
 * journal (its inbox), or journaled directly when none does.
 */
import { resolve } from 'node:path';
import { resolveJournalPath } from '../adapters/journal';
import { isTeamUrl } from '../adapters/journal-pg';
import { createSshExecutor } from '../adapters/ssh';
import {
  attentionHosts,
  passphraseWaitWords,
  type HostState,
  type RolloutState,
} from '../core/rollout';
import { applyDirect, type DirectResult } from '../runtime/direct-command';
import { approveHostDirect } from '../runtime/engine-approve-direct';
import type { RolloutOperatorCommand } from '../runtime/operator-command';
import { approveFromFile } from './approve-from';
import { loadRolloutState } from '../runtime/load-rollout-state';
import { issueCommand } from './issue-command';
import { UsageError, parseVerbArgs, type CliIo, type Verb } from './args';
import { deliverCommand } from './deliver-command';

type HostVerb = 'approve' | 'reject' | 'resolve' | 'retry-passphrase' | 'give-up';

/** A shell word: quoted only when it needs to be. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A host only a person can move: an unknown key to approve, or a doubt nothing can settle. */
export interface WaitingHost {
  readonly host: string;
  readonly kind: 'host-key' | 'in-doubt' | 'passphrase';
  /** One line: what it waits for and the exact command that moves it. */
  readonly line: string;
}

/**
 * The hosts waiting for a person, with the exact commands that move each: approve (or
 * reject) a presented key; resolve a step in doubt that no verify step or idempotent re-run
 * can settle.
 */
export function hostsWaitingForPerson(
  s: RolloutState,
  journal: string,
  flagged: readonly HostState[] = attentionHosts(s),
): WaitingHost[] {
  const j = shellWord(journal);
  const plan = s.plan;
  const out: WaitingHost[] = [];
  // Most hosts of a long rollout wait for nobody: quoting every name cost 0.4 s at 100,000.
  const waiting = flagged.filter(
    (h) =>
      h.status === 'needs-approval' || h.status === 'needs-passphrase' || h.status === 'in-doubt',
  );
  for (const h of waiting) {
    const name = shellWord(h.name);
    if (h.status === 'needs-approval' && h.fingerprint !== null) {
      out.push({
        host: h.name,
        kind: 'host-key',
        line: `${h.name} waits for approval of host key ${h.fingerprint}: ringside approve ${j} ${name} --fingerprint ${h.fingerprint} (or ringside reject ${j} ${name})`,
      });
    } else if (h.status === 'needs-passphrase') {
      out.push({
        host: h.name,
        kind: 'passphrase',
        line: `${h.name} is ${passphraseWaitWords(h.passphraseKey)}: ringside retry-passphrase ${j} ${name} (or give up on it: ringside give-up ${j} ${name} --reason TEXT)`,
      });
    } else if (h.status === 'in-doubt' && h.inDoubt && !h.running && plan) {
      const steps = h.inDoubt.phase === 'rollback' ? plan.deploy.rollback : plan.deploy.steps;
      const idempotent = steps.find((st) => st.name === h.inDoubt?.step)?.idempotent === true;
      const verifiable = h.inDoubt.phase === 'deploy' && plan.deploy.verify !== undefined;
      if (!idempotent && !verifiable) {
        out.push({
          host: h.name,
          kind: 'in-doubt',
          line: `${h.name} is in doubt about ${h.inDoubt.phase} step ${h.inDoubt.step}: check the host, then ringside resolve ${j} ${name} --as done|failed --reason TEXT`,
        });
      }
    }
  }
  return out;
}

/** {@link hostsWaitingForPerson}, one line per host. */
export function waitingHostCommands(
  s: RolloutState,
  journal: string,
  flagged: readonly HostState[] = attentionHosts(s),
): string[] {
  return hostsWaitingForPerson(s, journal, flagged).map((w) => w.line);
}

const usages: Record<HostVerb, { summary: string; usage: string }> = {
  approve: {
    summary: 'approve the host key a waiting host presented',
    usage: `Usage: ringside approve JOURNAL HOST --fingerprint SHA256:... [--by NAME]
       ringside approve JOURNAL --from FILE [--by NAME]

Records the key HOST presents in Ringside's known_hosts (~/.config/ringside/known_hosts;
never your own file) once it matches the fingerprint, and journals the approval; the host
then continues. ringside status JOURNAL prints the fingerprint each waiting host presented.

With --from, every waiting host whose offered key FILE lists for it ([address]:port or its
name; FILE is ssh-keyscan output or known_hosts lines, hashed ones included) is approved the
same way; the others are listed with why: no key for the host, or a different key (a
warning: a changed key is never approved).

  --fingerprint FP  the SHA256:... fingerprint to approve (required without --from)
  --from FILE       approve the waiting hosts whose keys FILE lists (e.g. ssh-keyscan -p PORT ADDR > FILE)
  --by NAME         who (default: $USER)

Exit codes: 0 accepted (--from: every waiting host approved), 3 (--from) some hosts still
wait, 2 refused (the reason on one line) or bad input (unreadable FILE, FILE:LINE not a key
line), 1 no answer.`,
  },
  reject: {
    summary: 'reject a waiting host key: the host fails (counts toward the budget)',
    usage: `Usage: ringside reject JOURNAL HOST [--fingerprint SHA256:...] [--by NAME]

Refuses the key HOST presented: the host fails with "host key rejected by NAME", which
counts toward the failure budgets, so the ring goes on or halts.

  --fingerprint FP  the key refused (default: the one the host presented, from the journal)
  --by NAME         who (default: $USER)

Exit codes: 0 accepted, 2 refused (the reason on one line) or bad input, 1 no answer.`,
  },
  resolve: {
    summary: 'settle a host in doubt that no verify step can check',
    usage: `Usage: ringside resolve JOURNAL HOST --as done|failed --reason TEXT [--by NAME]

A step whose end was lost in a crash leaves its host in doubt. When the plan has no verify
step and the step is not idempotent, a person checks the host and says what happened.

  --as done|failed  done: the step took effect (the host goes on); failed: the host failed
  --reason TEXT     what you checked (journaled; required)
  --by NAME         who (default: $USER)

Exit codes: 0 accepted, 2 refused (the reason on one line) or bad input, 1 no answer.`,
  },
  'retry-passphrase': {
    summary: 'ask again for the key passphrase a waiting host needs',
    usage: `Usage: ringside retry-passphrase JOURNAL HOST [--by NAME]

A host whose SSH key stayed locked (its passphrase declined, not answered, or wrong every
time) waits for a person; it is not failed and counts against no budget. This asks again:
the run holding the journal prompts for the passphrase at the host's next connection (a run
started later asks anyway).

  --by NAME  who (default: $USER)

Exit codes: 0 accepted, 2 refused (the reason on one line) or bad input, 1 no answer.`,
  },
  'give-up': {
    summary: 'give up on a host waiting for a key passphrase: the host fails',
    usage: `Usage: ringside give-up JOURNAL HOST --reason TEXT [--by NAME]

Fails a host that waits for a key passphrase, with "given up by NAME: TEXT"; it then counts
toward the failure budgets, so the ring goes on or halts.

  --reason TEXT  why (journaled; required)
  --by NAME      who (default: $USER)

Exit codes: 0 accepted, 2 refused (the reason on one line) or bad input, 1 no answer.`,
  },
};

/** The fingerprint HOST presented, read from the journal (a live run may hold it). */
async function presentedFingerprint(file: string, host: string): Promise<string | null> {
  const loaded = await loadRolloutState(file);
  return loaded.ok ? (loaded.state.hosts[host]?.fingerprint ?? null) : null;
}

async function hostVerb(name: HostVerb, argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseVerbArgs(name, argv, {
    by: { type: 'string' },
    fingerprint: { type: 'string' },
    as: { type: 'string' },
    reason: { type: 'string' },
    from: { type: 'string' },
  });
  if (positionals[0] !== undefined && isTeamUrl(positionals[0])) {
    // Never a path: a URL must not become a local journal directory named 'postgres:'.
    throw new UsageError(
      `ringside ${name}: not yet for a team journal: drive the rollout with ringside run --journal URL and settle hosts there`,
    );
  }
  if (values.from !== undefined) {
    if (name !== 'approve') {
      throw new UsageError(`ringside ${name}: --from is only for ringside approve`);
    }
    const [only] = positionals;
    if (positionals.length !== 1 || only === undefined || values.fingerprint !== undefined) {
      throw new UsageError(
        'ringside approve: with --from FILE give only JOURNAL (no HOST, no --fingerprint)',
      );
    }
    return approveFromFile(
      resolveJournalPath(resolve(io.cwd, only)),
      resolve(io.cwd, values.from),
      values.by ?? io.env.USER ?? 'ringside',
      io,
    );
  }
  const [journal, host] = positionals;
  if (positionals.length !== 2 || journal === undefined || host === undefined) {
    throw new UsageError(
      `ringside ${name}: expected JOURNAL and HOST, got ${positionals.length} argument(s) (see ringside ${name} --help)`,
    );
  }
  const by = values.by ?? io.env.USER ?? 'ringside';
  const paths = resolveJournalPath(resolve(io.cwd, journal));
  let command: RolloutOperatorCommand;
  switch (name) {
    case 'approve':
    case 'reject': {
      const fingerprint =
        values.fingerprint ??
        (name === 'reject' ? await presentedFingerprint(paths.file, host) : null);
      if (fingerprint === null) {
        throw new UsageError(
          name === 'approve'
            ? 'ringside approve: --fingerprint SHA256:... is required (ringside status JOURNAL shows it)'
            : `ringside reject: ${host} presented no key waiting for approval in ${paths.file}`,
        );
      }
      command = issueCommand(name, {
        kind: name === 'approve' ? 'approveHostKey' : 'rejectHostKey',
        by,
        host,
        fingerprint,
      });
      break;
    }
    case 'resolve': {
      const as = values.as;
      if (as !== 'done' && as !== 'failed') {
        throw new UsageError(
          `ringside resolve: --as must be 'done' or 'failed', got '${as ?? ''}'`,
        );
      }
      const reason = values.reason?.trim() ?? '';
      if (reason === '') {
        throw new UsageError('ringside resolve: --reason TEXT is required (it is journaled)');
      }
      command = issueCommand(name, { kind: 'resolveInDoubt', by, host, as, reason });
      break;
    }
    case 'retry-passphrase':
      command = issueCommand(name, { kind: 'retryPassphrase', by, host });
      break;
    case 'give-up': {
      const reason = values.reason?.trim() ?? '';
      if (reason === '') {
        throw new UsageError('ringside give-up: --reason TEXT is required (it is journaled)');
      }
      command = issueCommand(name, { kind: 'giveUpHost', by, host, reason });
      break;
    }
    default: {
      const never: never = name;
      return never;
    }
  }
  const direct = await directly(command, paths.file, io);
  return deliverCommand(name, `${name} ${host}`, command, paths, direct, io);
}

/** Journals the command when no run holds the journal; an approval records the key first. */
async function directly(
  command: RolloutOperatorCommand,
  file: string,
  io: CliIo,
): Promise<DirectResult> {
  if (command.kind !== 'approveHostKey') {
    return applyDirect(file, command);
  }
  const executor = createSshExecutor(io.env.HOME ? { home: io.env.HOME } : {});
  try {
    return await approveHostDirect(file, command, executor);
  } finally {
    await executor.close();
  }
}

/** approve | reject | resolve | retry-passphrase | give-up JOURNAL HOST. */
export const hostVerbs: readonly Verb[] = (
  ['approve', 'reject', 'resolve', 'retry-passphrase', 'give-up'] as const
).map((name) => ({
  name,
  summary: usages[name].summary,
  usage: usages[name].usage,
  run: (argv: readonly string[], io: CliIo) => hostVerb(name, argv, io),
}));
