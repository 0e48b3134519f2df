/**
 * The facade's memory of the workspace's rollouts: the journals read on open and before each
 * start, the rollout shown when none is live (after a restart the newest one, so the Timeline
 * and Fleet show what happened instead of "No events yet"), and the History methods: list,
 * open a past rollout read-only, a host's steps across rollouts.
 */
import type { HostHistory, HostHistoryEntry, RolloutSummary, Series } from '../core/contract';
import type { RolloutPlan } from '../core/model/plan';
import { stat } from 'node:fs/promises';
import { resolveJournalPath } from '../adapters/journal';
import {
  hostSteps,
  stepsByHost,
  type HostStepRecord,
  type RolloutEvent,
  type RolloutState,
  type RunningVersions,
} from '../core/rollout';
import type { TimelineEntry } from '../core/contract';
import type { PlanOfJournal } from './journal-resume';
import type { JournaledRelease } from './known-releases';
import {
  EMPTY_HISTORY,
  pastSeries,
  readRolloutEvents,
  readWorkspaceHistory,
  summarizeRollout,
  type JournalEntry,
  type WorkspaceHistory,
} from './rollout-history';
import { createTimelineFeed } from './timeline-feed';

/** A journaled rollout read whole, ready to project. */
export interface ShownRollout {
  readonly id: string;
  readonly journalPath: string;
  readonly plan: RolloutPlan;
  readonly events: readonly RolloutEvent[];
  readonly state: RolloutState;
  readonly timeline: readonly TimelineEntry[];
}

/** The live rollout, as the holder needs to see it. */
export interface LiveRollout {
  readonly id: string;
  readonly journalPath: string;
  readonly plan: RolloutPlan;
  events(): readonly RolloutEvent[];
  state(): RolloutState;
}

export interface RolloutHistoryHolder {
  /** Reads the journals again (on open, before a start). */
  refresh(planOf: PlanOfJournal): Promise<void>;
  /** Shows the newest journaled rollout while none is live (null: none on disk). */
  showNewest(): Promise<void>;
  /** Forgets the shown rollout (a live one takes its place). */
  clearShown(): void;
  shown(): ShownRollout | null;
  running(): RunningVersions;
  releases(): readonly JournaledRelease[];
  /** The journals read by the last refresh, oldest first (what a restart may resume). */
  entries(): readonly JournalEntry[];
  list(live: LiveRollout | null): RolloutSummary[];
  /** A rollout of the list read whole; rejects for an id the list does not have. */
  open(id: string, live: LiveRollout | null): Promise<ShownRollout>;
  series(id: string, live: LiveRollout | null, metric?: string): Promise<Series[]>;
  hostHistory(host: string, live: LiveRollout | null): Promise<HostHistory>;
}

function shownOf(
  entry: Pick<JournalEntry, 'id' | 'journalPath' | 'plan'>,
  events: readonly RolloutEvent[],
  state: RolloutState,
): ShownRollout {
  const feed = createTimelineFeed();
  feed.add(events);
  return {
    id: entry.id,
    journalPath: entry.journalPath,
    plan: entry.plan,
    events,
    state,
    timeline: feed.entries(),
  };
}

/** Creates the holder over one journal root. */
export function createRolloutHistory(
  journalRoot: string,
  log: (line: string) => void,
): RolloutHistoryHolder {
  let history: WorkspaceHistory = EMPTY_HISTORY;
  let shown: ShownRollout | null = null;
  // Each past journal's steps by host, read once: clicking a host read every journal again.
  // Keyed by the journal's size and time, so a journal appended since is read again.
  const stepIndex = new Map<
    string,
    { readonly stamp: string; readonly byHost: Map<string, HostStepRecord[]> }
  >();
  const pastSteps = async (e: JournalEntry): Promise<Map<string, HostStepRecord[]>> => {
    const st = await stat(resolveJournalPath(e.journalPath).file).catch(() => null);
    const stamp = st === null ? '' : `${st.size}:${st.mtimeMs}`;
    const hit = stepIndex.get(e.journalPath);
    if (hit !== undefined && hit.stamp === stamp && stamp !== '') {
      return hit.byHost;
    }
    const events = (await read(e).catch(() => null))?.events ?? [];
    const byHost = stepsByHost(events);
    stepIndex.set(e.journalPath, { stamp, byHost });
    return byHost;
  };

  const entry = (id: string): JournalEntry => {
    const found = history.rollouts.find((r) => r.id === id);
    if (!found) {
      throw new Error(`no rollout ${id} in this workspace's journals`);
    }
    return found;
  };
  const read = async (e: JournalEntry) => {
    const r = await readRolloutEvents(e.journalPath);
    if (!r.ok) {
      throw new Error(r.error);
    }
    return r;
  };

  return {
    refresh: async (planOf) => {
      history = await readWorkspaceHistory(journalRoot, planOf, log);
    },
    showNewest: async () => {
      const newest = history.rollouts.at(-1);
      const r = newest ? await read(newest) : null;
      shown = newest && r ? shownOf(newest, r.events, r.state) : null;
    },
    clearShown: () => {
      shown = null;
    },
    shown: () => shown,
    running: () => history.running,
    releases: () => history.releases,
    entries: () => history.rollouts,
    list: (live) => {
      const out: RolloutSummary[] = history.rollouts
        .filter((r) => r.id !== live?.id)
        .map((r) => ({ ...r.summary, live: false }));
      if (live) {
        out.push({ ...summarizeRollout(live.id, live.events(), live.state()), live: true });
      }
      return out.sort((a, b) => b.startedAt - a.startedAt);
    },
    open: async (id, live) => {
      if (live && live.id === id) {
        return shownOf(live, live.events(), live.state());
      }
      const e = entry(id);
      const r = await read(e);
      return shownOf(e, r.events, r.state);
    },
    series: async (id, live, metric) =>
      pastSeries(live && live.id === id ? live.journalPath : entry(id).journalPath, metric),
    hostHistory: async (host, live) => {
      const entries: HostHistoryEntry[] = [];
      const add = (id: string, version: string, steps: readonly HostStepRecord[]) => {
        for (const s of steps) {
          entries.push({ rollout: id, version, ...s });
        }
      };
      for (const r of history.rollouts) {
        if (r.id !== live?.id) {
          add(r.id, r.summary.release.version, (await pastSteps(r)).get(host) ?? []);
        }
      }
      if (live) {
        add(live.id, live.state().plan?.release.version ?? '?', hostSteps(live.events(), host));
      }
      return { host, entries: entries.sort((a, b) => b.at - a.at) };
    },
  };
}
