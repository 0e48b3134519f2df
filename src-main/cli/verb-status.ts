import { resolve } from 'node:path';
import { isTeamUrl } from '../adapters/journal-pg';
import { formatDuration } from '../core/duration';
import { approvalsListWords, hostStatusWord, rolloutStatusWord } from '../core/words';
import { attentionHosts } from '../core/rollout';
import { statusView } from '../core/rollout/status-view';
import { fileStatusSource, teamStatusSource } from './status-sources';
import { followStatus } from './status-follow';
import { Exit, UsageError, parseVerbArgs, type Verb } from './args';
import { waitingHostCommands } from './verb-approve';

const usage = `Usage: ringside status JOURNAL|URL [--json] [--events N] [--follow]

Prints the rollout's status: where it stands, per ring progress and gates, what it waits
for, hosts needing attention, and the last events. JOURNAL is a journal directory or file;
URL a team journal, postgres://HOST[:PORT]/DB?rollout=NAME (who holds its lease, until when).

  --json       print a stable object: {journal, planHash, release, status, currentRing,
               driver, progress, waitingFor, eta, rings: [{name, status, done, failed, total,
               bakeEndsAt, halt, gates, domains}], platformGates, attention, lastEvents,
               operatorCommands: [one line per host waiting for a person, with the
               exact ringside approve|reject|resolve command]}
  --events N   how many recent events (default 10)
  --follow     team journal: then print each new event as the driver commits it (LISTEN/NOTIFY),
               until the rollout settles or Ctrl-C`;

export const statusVerb: Verb = {
  name: 'status',
  summary: 'show a rollout: rings, gates, waiting for what, last events',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('status', argv, {
      json: { type: 'boolean' },
      events: { type: 'string' },
      follow: { type: 'boolean' },
    });
    const journal = positionals[0];
    if (positionals.length !== 1 || journal === undefined) {
      throw new UsageError(
        `ringside status: expected exactly one JOURNAL, got ${positionals.length} (see ringside status --help)`,
      );
    }
    const count = Number(values.events ?? '10');
    if (!Number.isInteger(count) || count < 0) {
      throw new UsageError(
        `ringside status: --events must be a whole number, got '${values.events}'`,
      );
    }
    if (values.follow === true && (!isTeamUrl(journal) || values.json === true)) {
      throw new UsageError('ringside status: --follow needs a team journal URL and no --json');
    }
    const src = isTeamUrl(journal)
      ? await teamStatusSource(journal, count, io.env)
      : await fileStatusSource(resolve(io.cwd, journal), count, io.env);
    if (!src.ok) {
      io.err(`ringside status: ${src.message}`);
      return Exit.badInput;
    }
    const loaded = src;
    const state = loaded.state;
    const now = Date.now();
    const flagged = attentionHosts(state);
    const view = statusView(state, {
      journal: src.journal,
      driver: src.driver,
      recent: loaded.recent,
      now,
      flagged,
    });
    const commands = waitingHostCommands(
      state,
      isTeamUrl(journal) ? src.journal : journal,
      flagged,
    );
    if (values.json === true) {
      io.out(
        JSON.stringify(
          { ...view, ...(src.lease ? { lease: src.lease } : {}), operatorCommands: commands },
          null,
          2,
        ),
      );
      return Exit.ok;
    }
    const rel = view.release;
    io.out(
      `${rel ? `${rel.name} ${rel.version} (previous ${rel.previous}${rel.digest !== undefined ? `, digest ${rel.digest}` : ''})` : 'no rollout'}: ${rolloutStatusWord(view.status)}` +
        `${view.currentRing ? `, ring ${view.currentRing}` : ''}, ${view.progress.done}/${view.progress.total} hosts done` +
        `${view.progress.failed > 0 ? `, ${view.progress.failed} failed` : ''}` +
        `${view.eta ? `, ETA ${formatDuration(Math.round(view.eta.remainingMs / 1000) * 1000)}` : ''}`,
    );
    io.out(src.driverLine);
    if (src.journalLine !== null) {
      io.out(src.journalLine);
    }
    for (const w of loaded.warnings) {
      io.out(`journal: ${w}`);
    }
    if (view.waitingFor) {
      io.out(`waiting for: ${view.waitingFor}`);
    }
    for (const r of view.rings) {
      const gates = Object.entries(r.gates)
        .map(([g, v]) => `${g} ${v.outcome}`)
        .join(', ');
      const approvals =
        r.approvals === undefined
          ? ''
          : `; approvals ${r.approvals.by.length} of ${r.approvals.needed}: ${approvalsListWords(
              r.approvals.by.map((a) => ({
                by: a.by,
                at: Date.parse(a.at),
                override: a.override ?? null,
              })),
            )}`;
      io.out(
        `  ${r.name.padEnd(10)} ${r.activity.padEnd(22)} ${r.done}/${r.total} done${r.failed > 0 ? `, ${r.failed} failed` : ''}` +
          `${gates ? `; gates: ${gates}` : ''}${r.halt ? `; halted: ${r.halt.reason}` : ''}${approvals}`,
      );
    }
    const platform = Object.entries(view.platformGates)
      .map(([g, v]) => `${g} ${v.outcome}`)
      .join(', ');
    if (platform) {
      io.out(`  platform gates (every ring): ${platform}`);
    }
    for (const a of view.attention.slice(0, 20)) {
      // In words; a detail that already says them (with more) is printed once.
      const words = hostStatusWord(a.status);
      const more = a.detail.startsWith(words) ? a.detail.slice(words.length) : `: ${a.detail}`;
      io.out(`  ! ${a.host} ${words}${a.detail === '' ? '' : more}`);
    }
    if (commands.length > 0) {
      io.out('hosts waiting for a person:');
      for (const c of commands) {
        io.out(`  ${c}`);
      }
    }
    if (view.lastEvents.length > 0) {
      io.out('last events:');
      for (const e of view.lastEvents) {
        io.out(`  ${e.seq} ${e.at} ${e.type} ${e.text}`);
      }
    }
    if (values.follow === true && src.head !== null) {
      return followStatus(journal, state, src.head, io);
    }
    return Exit.ok;
  },
};
