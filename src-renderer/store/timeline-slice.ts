import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store';

export interface TimelineSlice {
  timelineFilter: { ring: string | null; kind: string | null; by: string | null };
}

export const createTimelineSlice: StateCreator<AppStore, [], [], TimelineSlice> = () => ({
  timelineFilter: { ring: null, kind: null, by: null },
});
