import type { Result } from '../core/plan/errors';
import { SYSTEM_ACTOR, hostsWhere, parseRolloutEvent, type RolloutEvent } from '../core/rollout';
import { resumeAtCheckpoint, resumedState, type ResumePoint } from './resume-point';
import { openJournal, type Journal, type OpenJournalResult } from '../adapters/journal';
import { PgJournal, isTeamUrl, openPgJournal } from '../adapters/journal-pg';
import { leaseLostWords } from '../core/words';
import { Engine } from './engine';
import type { OpenRolloutError, OpenRolloutOptions, RolloutEngine } from './engine-types';
import { noTelemetryMonitor } from './gate-monitor';

/** The note journaled with an approval the resume made (no person typed it). */
export const KNOWN_ON_RESUME_NOTE = 'key found in known_hosts on resume';

/**
 * A host waiting for approval of a key that known_hosts now trusts (someone ran the usual
 * `ssh-keyscan >> ~/.ssh/known_hosts`) is approved through the journaled approval command,
 * by the operator running the rollout, so the rollout goes on without a person. Only the
 * exact key the host offered (its fingerprint) counts: a different key for the host is
 * never accepted, and the host stays waiting with a warning.
 */
async function approveKeysKnownNow(
  engine: Engine,
  o: OpenRolloutOptions,
  by: string,
  warnings: string[],
): Promise<void> {
  const status = o.executor.knownOfferedKey.bind(o.executor);
  // Only the few waiting hosts are looked up: a search of the plan per host cost minutes
  // when a 100,000-host rollout resumed.
  const waiting = hostsWhere(engine.state(), (h) => h.status === 'needs-approval');
  const planHosts = waiting.length > 0 ? new Map(o.plan.hosts.map((p) => [p.name, p])) : null;
  for (const h of waiting) {
    const host = planHosts?.get(h.name);
    if (h.fingerprint === null || host === undefined) {
      continue;
    }
    const known = await status(host, h.fingerprint);
    if (known.kind === 'match') {
      const approved = await engine.apply({
        type: 'approveHost',
        by,
        host: h.name,
        fingerprint: h.fingerprint,
        note: KNOWN_ON_RESUME_NOTE,
      });
      if (approved.ok) {
        warnings.push(
          `${h.name}: host key ${h.fingerprint} is now in known_hosts (${known.entry.file}:${known.entry.line}); approved on resume`,
        );
      }
    } else if (known.kind === 'different') {
      warnings.push(
        `${h.name}: known_hosts (${known.entry.file}:${known.entry.line}) lists key ${known.fingerprint}, not the ${h.fingerprint} the host offered; still waiting for approval`,
      );
    } else if (known.kind === 'revoked') {
      warnings.push(
        `${h.name}: the key it offered (${h.fingerprint}) is @revoked in ${known.entry.file}:${known.entry.line}; still waiting`,
      );
    }
  }
}

/** The file journal, or the team journal when `journalPath` is a postgres:// URL. */
function openRolloutJournal(
  o: OpenRolloutOptions,
  lost: (why: string) => void,
  resumed: (r: ResumePoint) => void,
): Promise<OpenJournalResult<RolloutEvent>> {
  const common = {
    expectPlanHash: o.plan.planHash,
    expectPlanHosts: o.plan.hosts,
    parseEvent: parseRolloutEvent,
  };
  if (!isTeamUrl(o.journalPath)) {
    return openJournal<RolloutEvent>(o.journalPath, {
      ...common,
      resumeAt: resumeAtCheckpoint(o.plan.planHash, resumed),
    });
  }
  const team = o.team ?? { env: {}, spillDir: null };
  let journal: Journal<RolloutEvent> | null = null;
  return openPgJournal<RolloutEvent>(o.journalPath, {
    ...common,
    env: team.env,
    ...(team.leaseMs !== undefined ? { leaseMs: team.leaseMs } : {}),
    ...(team.waitForLease !== undefined ? { waitForLease: team.waitForLease } : {}),
    ...(team.warn ? { warn: team.warn } : {}),
    ...(team.onAcquired ? { onAcquired: team.onAcquired } : {}),
    ...(team.spillDir !== null ? { spillDir: team.spillDir } : {}),
    onLeaseLost: (why) => {
      const rollout = journal?.path ?? o.journalPath;
      lost(leaseLostWords(rollout, epochOf(journal), why));
    },
  }).then((r) => {
    journal = r.ok ? r.journal : null;
    return r;
  });
}

function epochOf(j: Journal<RolloutEvent> | null): number {
  return j !== null && 'epoch' in j && typeof j.epoch === 'number' ? j.epoch : 0;
}

/**
 * Opens a rollout for driving: takes the journal's exclusive lock (refusing a second
 * process), refuses a journal written for another plan (naming both hashes), replays it,
 * creates the rollout if the journal is new, and journals `recover` so every step whose end
 * was lost in a crash is in doubt (to be verified, never skipped, never blindly re-run).
 */
export async function openRollout(
  o: OpenRolloutOptions,
): Promise<Result<RolloutEngine, OpenRolloutError>> {
  // Set once the engine exists: losing the lease stops it (no host starts after that).
  let stop: ((why: string) => void) | null = null;
  // Set while opening when the driver resumes from the journal's checkpoint.
  const resume: { point: ResumePoint | null } = { point: null };
  const opened = await openRolloutJournal(
    o,
    (why) => stop?.(why),
    (r) => {
      resume.point = r;
    },
  );
  if (!opened.ok) {
    const e = opened.error;
    switch (e.kind) {
      case 'locked':
        return { ok: false, error: { kind: 'locked', message: e.message } };
      case 'plan-mismatch':
        return { ok: false, error: { kind: 'plan-mismatch', message: e.message } };
      case 'damaged':
      case 'unreadable':
      case 'io':
        return { ok: false, error: { kind: 'journal', message: e.message } };
      default: {
        const never: never = e;
        return never;
      }
    }
  }
  const journal = opened.journal;
  const warnings = [...journal.warnings];
  // In team mode the person is the database login, whatever name the caller had.
  const by = journal instanceof PgJournal ? journal.login : (o.by ?? SYSTEM_ACTOR);
  const engine = new Engine({
    plan: o.plan,
    journal,
    state: resumedState(resume.point, journal.loadedEvents()),
    executor: o.executor,
    clock: o.clock ?? Date.now,
    monitor: o.gateMonitor ?? noTelemetryMonitor,
    gateIntervalMs: o.gateIntervalMs ?? 1000,
    by,
    warnings,
    carriedBefore: resume.point?.carried ?? [],
  });
  stop = (why) => {
    void engine.close();
    o.team?.onLeaseLost?.(why);
  };
  // Replayed (and the carried-out command ids read) by the engine: a resumed long journal
  // does not stay in memory for the rest of the run.
  journal.dropLoaded();
  try {
    if (engine.state().status === 'new') {
      const created = await engine.apply({ type: 'create', plan: o.plan, by }, o.commandId);
      if (!created.ok) {
        await engine.close();
        return { ok: false, error: { kind: 'refused', message: created.reason } };
      }
    }
    const recovered = await engine.apply({ type: 'recover' });
    if (recovered.ok) {
      for (const e of recovered.events) {
        if (e.type === 'HostInDoubt') {
          warnings.push(
            `${e.host}: ${e.phase} step ${e.step} started before the last stop and its end was never journaled; it is in doubt and will be verified`,
          );
        }
      }
    }
    await approveKeysKnownNow(engine, o, by, warnings);
  } catch (e) {
    await engine.close().catch(() => undefined);
    return {
      ok: false,
      error: {
        kind: 'journal',
        message: `${journal.path}: cannot write (${e instanceof Error ? e.message : String(e)})`,
      },
    };
  }
  return { ok: true, value: engine };
}
