import type { StateCreator } from 'zustand';
import type { TeamRolloutSummary, TeamRolloutView } from '../../src-main/core/contract';
import type { AppStore } from './app-store';

export interface TeamSlice {
  /** The team database's rollouts, live first; null until listed (or with no database). */
  teamRollouts: TeamRolloutSummary[] | null;
  /** Why there is no list (no team database, or it did not answer), in one line. */
  teamProblem: string | null;
  /** The open team rollout's banner: whose, who drives, who else watches. */
  teamView: TeamRolloutView | null;
}

export const createTeamSlice: StateCreator<AppStore, [], [], TeamSlice> = () => ({
  teamRollouts: null,
  teamProblem: null,
  teamView: null,
});
