/**
 * The workspace's rollouts on disk: every journal under the journal root that belongs to the
 * open workspace, read once per open and per start. From them come the History list, what
 * each host runs now (a rollout that never reached a host leaves it on what the one before
 * left), Start's known releases, and the read-only projection of any past rollout.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE_NAME } from '../adapters/journal';
import { loadRolloutEvents } from '../runtime/load-rollout-state';
import { loadTelemetry } from '../adapters/journal/telemetry-log';
import type { RolloutSummary, Series } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import {
  isTerminal,
  runningVersions,
  type RolloutEvent,
  type RolloutState,
  type RunningVersions,
} from '../core/rollout';
import { rolloutStatusWord } from '../core/words';
import { viewRolloutStatus } from '../core/projection/project-view-parts';
import type { PlanOfJournal } from './journal-resume';
import type { JournaledRelease } from './known-releases';
import { chartRing } from './telemetry-port';

/** One journal of this workspace, without its events (they are read again when opened). */
export interface JournalEntry {
  readonly id: string;
  readonly journalPath: string;
  /** The workspace's plan variant the journal was written for. */
  readonly plan: RolloutPlan;
  readonly summary: Omit<RolloutSummary, 'live'>;
  /** Completed, rolled back or aborted: nothing for a restart to pick up again. */
  readonly finished: boolean;
}

/** What the journals say, read in one pass. */
export interface WorkspaceHistory {
  /** Oldest first. */
  readonly rollouts: readonly JournalEntry[];
  /** Each host's version after every journaled rollout. */
  readonly running: RunningVersions;
  /** For Start's picker. */
  readonly releases: readonly JournaledRelease[];
}

export const EMPTY_HISTORY: WorkspaceHistory = { rollouts: [], running: new Map(), releases: [] };

/** A rollout's list entry, from its events and their replayed state. */
export function summarizeRollout(
  id: string,
  events: readonly RolloutEvent[],
  state: RolloutState,
): Omit<RolloutSummary, 'live'> {
  const created = events[0];
  const release = state.plan?.release ?? { name: '?', version: '?', previous: '?' };
  const startedAt = state.createdAt ?? created?.at ?? 0;
  const endedAt = isTerminal(state.status) ? (state.endedAt ?? events.at(-1)?.at ?? null) : null;
  const last = endedAt ?? events.at(-1)?.at ?? startedAt;
  return {
    id,
    release: { name: release.name, version: release.version, previous: release.previous },
    status: viewRolloutStatus(state.status),
    outcome: rolloutStatusWord(state.status),
    startedAt,
    endedAt,
    durationMs: Math.max(0, last - startedAt),
    hosts: Object.keys(state.hosts).length,
    by: created?.type === 'RolloutCreated' ? created.by : 'ringside',
  };
}

/** The events of one journal directory and their state; a damaged journal names its line. */
export async function readRolloutEvents(
  journalPath: string,
): Promise<
  { ok: true; events: readonly RolloutEvent[]; state: RolloutState } | { ok: false; error: string }
> {
  const loaded = await loadRolloutEvents(journalPath);
  return loaded.ok
    ? { ok: true, events: loaded.events, state: loaded.state }
    : { ok: false, error: loaded.error.message };
}

/**
 * Reads every journal of this workspace under `journalRoot` (another plan's are skipped, an
 * unreadable one too, with a line to `log`: history must not stop the console).
 */
export async function readWorkspaceHistory(
  journalRoot: string,
  planOf: PlanOfJournal,
  log: (line: string) => void,
): Promise<WorkspaceHistory> {
  const dirs = await readdir(journalRoot, { withFileTypes: true }).catch(() => []);
  const found: { entry: JournalEntry; events: readonly RolloutEvent[] }[] = [];
  for (const d of dirs) {
    const journalPath = path.join(journalRoot, d.name);
    if (!d.isDirectory() || !existsSync(path.join(journalPath, JOURNAL_FILE_NAME))) {
      continue;
    }
    const read = await readRolloutEvents(journalPath);
    if (!read.ok) {
      log(`journal not listed: ${read.error}`);
      continue;
    }
    const created = read.events[0];
    const plan = created?.type === 'RolloutCreated' ? planOf(created.plan, created.planHash) : null;
    if (plan === null) {
      continue;
    }
    const summary = summarizeRollout(d.name, read.events, read.state);
    const finished = isTerminal(read.state.status);
    found.push({
      entry: { id: d.name, journalPath, plan, summary, finished },
      events: read.events,
    });
  }
  found.sort((a, b) => a.entry.summary.startedAt - b.entry.summary.startedAt);
  return {
    rollouts: found.map((f) => f.entry),
    running: runningVersions(found.map((f) => f.events)),
    releases: found.map((f) => ({
      version: f.entry.summary.release.version,
      outcome: f.entry.summary.outcome,
      at: f.entry.summary.startedAt,
    })),
  };
}

/** Points per line for a past rollout's charts (as for the live ones). */
const CHART_POINTS = 600;

/** A past rollout's charts, from the telemetry persisted beside its journal. */
export async function pastSeries(journalPath: string, metric?: string): Promise<Series[]> {
  const lines = new Map<string, Series>();
  for (const s of await loadTelemetry(journalPath)) {
    if (metric !== undefined && s.metric !== metric) {
      continue;
    }
    const ring = chartRing(s.scope);
    const key = `${s.metric}\u0000${ring}`;
    const line = lines.get(key) ?? { metric: s.metric, ring, points: [] };
    const stride = Math.max(1, Math.ceil(s.points.length / CHART_POINTS));
    for (let i = 0; i < s.points.length; i += stride) {
      const p = s.points[i];
      if (p) {
        line.points.push({ t: p.t, v: p.v });
      }
    }
    lines.set(key, line);
  }
  for (const line of lines.values()) {
    line.points.sort((a, b) => a.t - b.t);
  }
  return [...lines.values()];
}
