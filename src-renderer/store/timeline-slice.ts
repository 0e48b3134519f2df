import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store';
import type { TimelineOrder } from '../components/timeline-rows';

export interface TimelineSlice {
  timelineFilter: {
    ring: string | null;
    /** Event kinds shown; empty = every kind. */
    kinds: string[];
    by: string | null;
    order: TimelineOrder;
  };
}

export const createTimelineSlice: StateCreator<AppStore, [], [], TimelineSlice> = () => ({
  timelineFilter: { ring: null, kinds: [], by: null, order: 'newest' },
});
