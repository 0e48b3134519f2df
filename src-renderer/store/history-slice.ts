import type { StateCreator } from 'zustand';
import type { ConsoleSnapshot, RolloutSummary } from '../../src-main/core/contract';
import type { AppStore } from './app-store';

export interface HistorySlice {
  /** The workspace's rollouts, newest first; null until listed. */
  rollouts: RolloutSummary[] | null;
  /**
   * While a past rollout is open read-only, `snapshot` is that rollout and the live pushes
   * land here, so returning to the live console shows the newest live state at once.
   */
  liveSnapshot: ConsoleSnapshot | null;
}

export const createHistorySlice: StateCreator<AppStore, [], [], HistorySlice> = () => ({
  rollouts: null,
  liveSnapshot: null,
});
