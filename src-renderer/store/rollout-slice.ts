import type { StateCreator } from 'zustand';
import type { ActionId } from '../../src-main/core/contract';
import type { AppStore } from './app-store';

export interface RolloutSlice {
  /** Gate whose evidence panel is open. */
  openGate: { ring: string; gate: string } | null;
  /** Action whose confirmation dialog is open. */
  confirming: ActionId | null;
  /** A command is in flight; buttons wait for it. */
  busy: boolean;
}

export const createRolloutSlice: StateCreator<AppStore, [], [], RolloutSlice> = () => ({
  openGate: null,
  confirming: null,
  busy: false,
});
