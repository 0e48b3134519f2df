import type { StateCreator } from 'zustand';
import type { ConsoleSnapshot, RecentWorkspace, Settings } from '../../src-main/core/contract';
import type { AppStore } from './app-store';

/** Whether the first snapshot has arrived; views render loading/error from it. */
export type LoadState =
  { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export interface WorkspaceSlice {
  snapshot: ConsoleSnapshot | null;
  load: LoadState;
  recent: RecentWorkspace[];
  settings: Settings | null;
}

export const createWorkspaceSlice: StateCreator<AppStore, [], [], WorkspaceSlice> = () => ({
  snapshot: null,
  load: { kind: 'loading' },
  recent: [],
  settings: null,
});
