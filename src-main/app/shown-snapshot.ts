/**
 * Which rollout a snapshot shows, and the projection's inputs for it: the live rollout, or a
 * journaled one (the newest after a restart, or any one a person opened from History,
 * read-only). Kept out of the facade so its closure only says where each input comes from.
 */
import type { ConnectionsView, ConsoleSnapshot, WorkspaceView } from '../core/contract';
import type { PlanDocument } from '../core/plan';
import type { RolloutPlan } from '../core/model/plan';
import type { RunningVersions } from '../core/rollout';
import type { ShownRollout } from './history-holder';
import { projectSnapshot } from '../core/projection/project-snapshot';
import type { RolloutSession } from './rollout-session';

/** Everything besides the rollout itself, as the facade holds it now. */
export interface ShownContext {
  readonly now: number;
  readonly workspace: WorkspaceView | null;
  /** The workspace's plan, shown before any rollout. */
  readonly workspacePlan: RolloutPlan | null;
  readonly document: PlanDocument | null;
  readonly session: RolloutSession | null;
  /** The live rollout's History id. */
  readonly liveId: string | undefined;
  readonly running: RunningVersions;
  readonly keyType: (host: string) => string;
  readonly connections: ConnectionsView;
}

/**
 * The snapshot of the live rollout, or of `past` when given (with `readOnly` when a person
 * opened it from History: every action disabled, versions as of that rollout).
 */
export function shownSnapshot(
  c: ShownContext,
  revision: number,
  previous: ConsoleSnapshot | null,
  past: ShownRollout | null,
  readOnly: boolean,
): ConsoleSnapshot {
  const live = past ? null : c.session;
  const events = live?.events() ?? past?.events ?? [];
  const shownId = past?.id ?? c.liveId;
  return projectSnapshot({
    now: c.now,
    revision,
    // A journaled rollout names its own release (exports are named after it).
    workspace:
      c.workspace && past ? { ...c.workspace, release: { ...past.plan.release } } : c.workspace,
    plan: live?.plan ?? past?.plan ?? c.workspacePlan,
    document: c.document,
    state: live?.state() ?? past?.state ?? null,
    haltEvents: events.filter((e) => e.type === 'RingHalted' || e.type === 'HaltSummaryWritten'),
    timeline: live?.timeline() ?? past?.timeline ?? [],
    // A past rollout shows the versions of its own time; the live one what runs now.
    ...(readOnly ? {} : { running: c.running }),
    ...(shownId !== undefined ? { shown: { id: shownId, readOnly } } : {}),
    output: live?.output() ?? new Map(),
    keyType: c.keyType,
    connections: c.connections,
    previous,
  });
}
