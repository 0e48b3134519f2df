import type { Result } from '../core/plan/errors';
import { SYSTEM_ACTOR, parseRolloutEvent, replay, type RolloutEvent } from '../core/rollout';
import { openJournal } from '../adapters/journal';
import { Engine } from './engine';
import type { OpenRolloutError, OpenRolloutOptions, RolloutEngine } from './engine-types';
import { noTelemetryMonitor } from './gate-monitor';

/**
 * Opens a rollout for driving: takes the journal's exclusive lock (refusing a second
 * process), refuses a journal written for another plan (naming both hashes), replays it,
 * creates the rollout if the journal is new, and journals `recover` so every step whose end
 * was lost in a crash is in doubt (to be verified, never skipped, never blindly re-run).
 */
export async function openRollout(
  o: OpenRolloutOptions,
): Promise<Result<RolloutEngine, OpenRolloutError>> {
  const opened = await openJournal<RolloutEvent>(o.journalPath, {
    expectPlanHash: o.plan.planHash,
    expectPlanHosts: o.plan.hosts,
    parseEvent: parseRolloutEvent,
  });
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
  const engine = new Engine({
    plan: o.plan,
    journal,
    state: replay(journal.events()),
    executor: o.executor,
    clock: o.clock ?? Date.now,
    monitor: o.gateMonitor ?? noTelemetryMonitor,
    gateIntervalMs: o.gateIntervalMs ?? 1000,
    by: o.by ?? SYSTEM_ACTOR,
    warnings,
  });
  try {
    if (engine.state().status === 'new') {
      const created = await engine.apply(
        { type: 'create', plan: o.plan, by: o.by ?? SYSTEM_ACTOR },
        o.commandId,
      );
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
