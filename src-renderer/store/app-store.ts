/** The one store, built from slices (zustand slices pattern). */
import { create } from 'zustand';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createRolloutSlice, type RolloutSlice } from './rollout-slice';
import { createTelemetrySlice, type TelemetrySlice } from './telemetry-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice';
import { createTeamSlice, type TeamSlice } from './team-slice';

export type AppStore = WorkspaceSlice &
  RolloutSlice &
  TelemetrySlice &
  TimelineSlice &
  UiSlice &
  HistorySlice &
  TeamSlice;

export const useAppStore = create<AppStore>()((...a) => ({
  ...createWorkspaceSlice(...a),
  ...createRolloutSlice(...a),
  ...createTelemetrySlice(...a),
  ...createTimelineSlice(...a),
  ...createUiSlice(...a),
  ...createHistorySlice(...a),
  ...createTeamSlice(...a),
}));

/** Back to the initial state (tests). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
