import type { StateCreator } from 'zustand';
import type { LogLine } from '../../src-main/core/contract';
import type { AppStore } from './app-store';
import { noLogFilter, type LogFilter } from './log-filter';
import { noHistory, type ChartHistoryState } from './chart-history';

export type SeriesPoint = { t: number; v: number };
export type TelemetryWindow = '5m' | '1h' | 'all';

export interface TelemetrySlice {
  /** metric -> ring (or "baseline") -> points, oldest first. */
  series: Record<string, Record<string, SeriesPoint[]>>;
  window: TelemetryWindow;
  /** Earlier rollouts of the workspace, drawn before the live one's samples. */
  chartHistory: ChartHistoryState;
  /** Lines drawn as a moving average (Grafana's smoothing) instead of raw samples. */
  smoothing: boolean;
  /** The baseline's spread drawn as a band behind the lines. */
  baselineBand: boolean;
  /** A time range picked by dragging across a chart (every chart zooms), or null. */
  zoom: { from: number; to: number } | null;
  logs: LogLine[];
  logFilter: LogFilter;
  /** host -> recent output lines (stdout and stderr interleaved). */
  hostOutput: Record<string, string[]>;
}

export const createTelemetrySlice: StateCreator<AppStore, [], [], TelemetrySlice> = () => ({
  series: {},
  window: '1h',
  chartHistory: noHistory,
  smoothing: true,
  baselineBand: true,
  zoom: null,
  logs: [],
  logFilter: noLogFilter,
  hostOutput: {},
});
