import { escapeControls } from '../core/boundary-text';
import path from 'node:path';
import type { RolloutPlan } from '../core/model/plan';
import { readHeadAnchor, resolveJournalPath } from '../adapters/journal';
import { signHead } from '../adapters/journal/head-signature';
import type { RunOutcome } from '../runtime';
import { breakGlassScreen, serveInbox, teamInboxDir } from './inbox';
import { openDriver } from '../app/rollout-driver';
import {
  createWebhookNotifier,
  webhookTargetsFromEnv,
  type Notifier,
} from '../adapters/notify/webhooks';
import { planTelemetry } from '../app/plan-telemetry';
import type { BuiltPlan } from '../core/plan/build';
import type { SimFleet } from '../sim';
import type { SshExecutor } from '../adapters/ssh';
import type { AwsAccess } from '../adapters/cloud-aws';
import { unsimulatableSteps } from '../runtime/sim-rehearsal';
import { preflight } from '../runtime/preflight';
import { ProgressLines } from './progress-lines';
import { loadRunPlan, startRunTransport } from './run-rehearsal';
import { Exit, UsageError, parseVerbArgs, type CliIo, type Verb } from './args';
import { approvalsWaitingWords, teamByWords } from '../core/words';
import { hostsWaitingForPerson, waitingHostCommands } from './verb-approve';
import type { RolloutState } from '../core/rollout';
import { rolloutStatusWord } from '../core/words';
import { runOrLeaseLost, teamLeaseLine, teamRunOptions, type TeamRun } from './team-run';

const usage = `Usage: ringside run PLAN [--journal DIR|URL] [--until ring|end] [--auto-promote] [--sim]
                    [--trust-on-first-use] [--verbose] [--by NAME] [--sign-with KEY]
                    [--lease DURATION] [--wait]

Runs the rollout headless, ring by ring and update domain by update domain, printing a
line per ring, domain and host (with an ETA). A second run on the same journal resumes it
(the plan must be the same: its hash is in the journal). While it runs, ringside
promote|pause|resume|abort|rollback JOURNAL and approve|reject|resolve JOURNAL HOST hand
their command to it. A host waiting for a person (unknown host key, a step in doubt that
nothing can verify) is listed at the end with the exact command that moves it.

  --journal DIR          journal directory (default: .ringside/NAME-VERSION/ beside the plan,
                         .ringside/NAME-VERSION-sim/ with --sim)
  --journal URL          a team journal: postgres://[USER@]HOST[:PORT]/DB?rollout=NAME (schema
                         from ringside team init; password from PGPASSWORD or ~/.pgpass). One
                         driver at a time: a second run is refused naming who holds the lease
  --lease DURATION       team journal: lease length, renewed every third of it (default 15s)
  --wait                 team journal: wait for a live lease to expire instead of refusing.
                         With the database unreachable no host starts; pause, abort and
                         rollback still act (break-glass, .ringside/spill/ beside you)
  --until ring|end       stop after the current ring (default: end)
  --auto-promote         promote each ring as soon as it is healthy (gates passing)
  --sim                  dress rehearsal: the plan's hosts served by the simulated fleet (an
                         azure inventory is read from a simulated Azure started for it)
  --trust-on-first-use   accept and record unknown host keys (changed keys are always refused)
  --verbose              print every step's command and output lines
  --by NAME              who runs it (default: $USER); a local journal only: on a team
                         journal you are your database login
  --sign-with KEY        sign the journal's head when the run stops, with an SSH key: a private
                         key file, or a public key whose private half ssh-agent holds
                         (ssh-keygen -Y sign, namespace ringside-journal); ringside verify
                         --allowed-signers FILE then detects a rewritten history

Webhooks: RINGSIDE_WEBHOOK_URL (Ringside's JSON) and RINGSIDE_SLACK_WEBHOOK_URL (Slack's
incoming-webhook message), one or more URLs each, get a POST on a halt, a failed gate, a ring
waiting for promotion, a host key waiting for approval, a lost lease and the end of the
rollout; retried with backoff, never holding the rollout up, never written to the journal.

Exit codes: 0 finished, 3 waiting (promotion, paused, an operator) or the team lease lost,
4 halted, rolled back or aborted, 2 bad input, 1 internal error.`;

/** Exit code and last line for how a run ended. */
export function outcomeLine(o: RunOutcome, journal: string): { code: number; line: string } {
  switch (o.kind) {
    case 'finished':
      return { code: Exit.ok, line: 'finished: every ring deployed and accepted' };
    case 'waiting-promotion':
      return {
        code: Exit.waitingForPromotion,
        line:
          o.approvalsMissing > 0
            ? `waiting for promotion of ring ${o.ring}: ${approvalsWaitingWords(o.approvalsMissing)}; each approver runs: ringside approve-promotion ${journal}`
            : `waiting for promotion of ring ${o.ring}${o.why ? ` (${o.why})` : ''}: ringside promote ${journal}`,
      };
    case 'ring-done':
      return {
        code: Exit.waitingForPromotion,
        line: `ring ${o.ring} done (--until ring); run again to continue`,
      };
    case 'waiting-operator':
      return { code: Exit.waitingForPromotion, line: `waiting for an operator: ${o.why}` };
    case 'paused':
      return {
        code: Exit.waitingForPromotion,
        line: `paused by ${o.by}${o.reason ? `: ${o.reason}` : ''}; ringside resume ${journal}, then run again`,
      };
    case 'halted':
      return { code: Exit.halted, line: `halted in ring ${o.ring}: ${o.reason}` };
    case 'rolled-back':
      return { code: Exit.halted, line: `rolled back: ${o.rings.join(', ')}` };
    case 'aborted':
      return { code: Exit.halted, line: `aborted by ${o.by}${o.reason ? `: ${o.reason}` : ''}` };
    case 'closed':
      return { code: Exit.internal, line: 'stopped before the rollout settled' };
    default: {
      const never: never = o;
      return never;
    }
  }
}

/**
 * What the run starts from, said once before any progress line: a new rollout (plan hash,
 * rings, hosts), or where a resumed one stands (ring, hosts in doubt being verified).
 */
export function openingLine(s: RolloutState): string {
  const plan = s.plan;
  if (plan === null) {
    return 'no rollout in the journal';
  }
  const hash = plan.planHash.slice(0, 12);
  const rings = plan.rings.map((r) => r.name).join(' -> ');
  if (s.status === 'created') {
    return `rollout created: ${plan.release.name} ${plan.release.version} (plan ${hash}), rings ${rings}, ${plan.hosts.length} hosts`;
  }
  const ring = s.rings[s.currentRing]?.name ?? '?';
  const hosts = Object.values(s.hosts);
  const done = hosts.filter((h) => h.status === 'done').length;
  // Hosts only a person can move are listed with their command when the run stops for them.
  const person = hostsWaitingForPerson(s, '');
  const unsettled = person.filter((w) => w.kind === 'in-doubt').length;
  const doubt = hosts.filter((h) => h.status === 'in-doubt').length - unsettled;
  const plural = (n: number) => `${n} host${n === 1 ? '' : 's'}`;
  return (
    `resuming ${plan.release.name} ${plan.release.version} (plan ${hash}) at ring ${ring}: ${rolloutStatusWord(s.status)}, ${done}/${hosts.length} hosts done` +
    (doubt > 0 ? `, ${plural(doubt)} in doubt being verified` : '') +
    (person.length > 0 ? `, ${plural(person.length)} waiting for a person` : '')
  );
}

/** The default journal directory of a plan. */
export function defaultJournalDir(planFile: string, plan: RolloutPlan, sim: boolean): string {
  const name = `${plan.release.name}-${plan.release.version}${sim ? '-sim' : ''}`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  return path.join(path.dirname(planFile), '.ringside', name);
}

export const runVerb: Verb = {
  name: 'run',
  summary: 'run a rollout headless (resumes its journal)',
  usage,
  run: async (argv, io) => {
    const { values, positionals } = parseVerbArgs('run', argv, {
      journal: { type: 'string' },
      until: { type: 'string' },
      'auto-promote': { type: 'boolean' },
      sim: { type: 'boolean' },
      'trust-on-first-use': { type: 'boolean' },
      verbose: { type: 'boolean' },
      by: { type: 'string' },
      'sign-with': { type: 'string' },
      lease: { type: 'string' },
      wait: { type: 'boolean' },
    });
    const until = values.until ?? 'end';
    if (until !== 'ring' && until !== 'end') {
      throw new UsageError(`ringside run: --until must be 'ring' or 'end', got '${until}'`);
    }
    const sim = values.sim === true;
    const loaded = await loadRunPlan(positionals, io, sim);
    if (!loaded.ok) {
      return loaded.code;
    }
    const planFile = path.resolve(io.cwd, loaded.file);
    const original = loaded.built.plan;
    const problems = sim
      ? [...preflight(original, { checkFiles: false }), ...unsimulatableSteps(original)]
      : preflight(original, {
          // SSH key and known_hosts files mean nothing to steps sent through SSM.
          checkFiles: original.deploy.via !== 'ssm',
          ...(io.env.HOME ? { home: io.env.HOME } : {}),
        });
    if (problems.length > 0) {
      for (const p of problems) {
        io.err(`ringside run: ${loaded.file}: ${p}`);
      }
      return Exit.badInput;
    }
    const hooks = webhookTargetsFromEnv(io.env);
    if (!hooks.ok) {
      io.err(`ringside run: ${hooks.error}`);
      return Exit.badInput;
    }
    const team = teamRunOptions(values, io);
    const journalDir =
      team !== null
        ? team.url
        : resolveJournalPath(
            values.journal !== undefined
              ? path.resolve(io.cwd, values.journal)
              : defaultJournalDir(planFile, original, sim),
          ).dir;
    if (team !== null && values.by !== undefined) {
      throw new UsageError(teamByWords('ringside run'));
    }
    // A team run journals as the database login (the driver learns it when it connects).
    const by = values.by ?? io.env.USER ?? 'ringside';
    const transport = await startRunTransport(loaded.built, sim, {
      trustOnFirstUse: values['trust-on-first-use'] === true,
      io,
    });
    const signWith =
      values['sign-with'] !== undefined ? path.resolve(io.cwd, values['sign-with']) : null;
    try {
      const code = await drive(io, {
        built: loaded.built,
        plan: transport.plan,
        journalDir,
        executor: transport.executor,
        fleet: transport.fleet,
        aws: transport.aws,
        by,
        until,
        autoPromote: values['auto-promote'] === true,
        verbose: values.verbose === true,
        team,
        notifier: createWebhookNotifier(hooks.targets, {
          warn: (line) => io.err(`warning: ${line}`),
        }),
      });
      return signWith === null ? code : await signJournal(io, journalDir, signWith, code);
    } finally {
      await transport.stop();
    }
  },
};

/** Drives the rollout with the driver the console uses, printing progress lines. */
async function drive(
  io: CliIo,
  o: {
    built: BuiltPlan;
    plan: RolloutPlan;
    journalDir: string;
    executor: SshExecutor;
    /** The simulated fleet of a dress rehearsal, or null for real hosts. */
    fleet: SimFleet | null;
    /** The rehearsal's simulated CloudWatch, or null (the SDK's own chain). */
    aws: AwsAccess | null;
    by: string;
    until: 'ring' | 'end';
    autoPromote: boolean;
    verbose: boolean;
    team: TeamRun | null;
    notifier: Notifier;
  },
): Promise<number> {
  let leaseLost: string | null = null;
  const opened = await openDriver({
    built: o.built,
    plan: o.plan,
    journalPath: o.journalDir,
    executor: o.executor,
    sim: o.fleet,
    aws: o.aws,
    telemetry: planTelemetry,
    env: io.env,
    clock: Date.now,
    by: o.by,
    warn: (line) => io.err(`warning: ${escapeControls(line)}`),
    notifier: o.notifier,
    team: o.team
      ? {
          ...o.team.driving,
          onLeaseLost: (line: string) => {
            leaseLost = line;
            io.err(`ringside run: ${line}`);
          },
        }
      : null,
  });
  if (!opened.ok) {
    io.err(`ringside run: ${opened.error.message}`);
    return opened.error.kind === 'refused' ? Exit.internal : Exit.badInput;
  }
  const driver = opened.value;
  const engine = driver.engine;
  const sim = o.fleet !== null;
  const shown = o.team?.shown ?? o.journalDir;
  io.out(`journal: ${shown}${sim ? ' (dress rehearsal on the simulated fleet)' : ''}`);
  if (o.team?.lease) {
    io.out(teamLeaseLine(o.team.lease, o.team.driving.leaseMs));
  }
  // The engine journals RolloutCreated while opening, before anyone can subscribe.
  io.out(openingLine(engine.state()));
  const progress = new ProgressLines(o.verbose, Date.now);
  const unsubscribe = engine.subscribe((e) => {
    for (const line of progress.lines(e)) {
      // One line each: a host name or output line with a newline cannot forge another.
      (e.type === 'warning' ? io.err : io.out)(escapeControls(line));
    }
  });
  // A team driver's local inbox is break-glass only (the commands table carries the rest).
  const inbox =
    o.team === null
      ? await serveInbox(o.journalDir, engine)
      : o.team.lease !== null
        ? await serveInbox(
            teamInboxDir(io.cwd, o.team.rollout),
            engine,
            200,
            breakGlassScreen(o.team.lease.holder),
          )
        : null;
  const stop = (): void => void engine.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const outcome = await runOrLeaseLost(engine, o.team, () => leaseLost, io, {
      until: o.until,
      autoPromote: o.autoPromote,
      // Without gates a rehearsal could never pass one; say so in the journal.
      ...(sim && !driver.hasGates
        ? {
            overrideReason:
              'dress rehearsal (--sim) with no telemetry source wired: gates could not be evaluated',
          }
        : {}),
    });
    if (typeof outcome === 'number') {
      return outcome;
    }
    const { code, line } = outcomeLine(outcome, shown);
    (code === Exit.ok ? io.out : io.err)(line);
    if (outcome.kind === 'waiting-operator') {
      for (const c of waitingHostCommands(engine.state(), shown)) {
        io.err(`  ${c}`);
      }
    }
    return code;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await inbox?.stop();
    unsubscribe();
    await driver.close();
  }
}

/** Signs the head of the journal the run just closed; a signing failure is bad input (2). */
async function signJournal(
  io: CliIo,
  journalDir: string,
  key: string,
  code: number,
): Promise<number> {
  const file = resolveJournalPath(journalDir).file;
  const read = await readHeadAnchor(file);
  if (!read.ok || read.anchor === null) {
    io.err(`ringside run: cannot sign ${file}: ${read.ok ? 'no head anchor' : read.message}`);
    return Exit.badInput;
  }
  const env: NodeJS.ProcessEnv = { ...io.env };
  const signed = await signHead(file, read.anchor, key, env);
  if (!signed.ok) {
    io.err(`ringside run: ${signed.message}`);
    return Exit.badInput;
  }
  io.out(`signed the journal head (seq ${read.anchor.seq}) with ${key}`);
  return code;
}
