import type { StateCreator } from 'zustand';
import type { LogLine } from '../../src-main/core/contract';
import type { AppStore } from './app-store';

export type SeriesPoint = { t: number; v: number };
export type TelemetryWindow = '5m' | '1h' | 'all';

export interface TelemetrySlice {
  /** metric -> ring (or "baseline") -> points, oldest first. */
  series: Record<string, Record<string, SeriesPoint[]>>;
  window: TelemetryWindow;
  logs: LogLine[];
  logFilter: { ring: string | null; host: string | null };
  /** host -> recent output lines (stdout and stderr interleaved). */
  hostOutput: Record<string, string[]>;
}

export const createTelemetrySlice: StateCreator<AppStore, [], [], TelemetrySlice> = () => ({
  series: {},
  window: '1h',
  logs: [],
  logFilter: { ring: null, host: null },
  hostOutput: {},
});
