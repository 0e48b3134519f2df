/**
 * Store updates that outside code calls (push handlers, components): plain functions over
 * `useAppStore.setState`. They only file what main sent; no business rule lives here.
 */
import type { ConsoleSnapshot, LogLine, PushPayload, Settings } from '../../src-main/core/contract';
import { useAppStore, type AppStore } from './app-store';
import { liveMarkers, noHistory, retire } from './chart-history';
import { mergePoints, rolloutKey } from './series-merge';
import type { SeriesPoint } from './telemetry-slice';
import type { ViewId } from './ui-slice';

const MAX_POINTS = 20_000;
const MAX_LOG_LINES = 2_000;
const MAX_OUTPUT_LINES = 50;

const set = (partial: Partial<AppStore> | ((s: AppStore) => Partial<AppStore>)) =>
  useAppStore.setState(partial);

/**
 * Files a snapshot unless a newer one is already shown (pushes can race a fetch). When the
 * snapshot is of another rollout, the live samples move to the charts' history in the same
 * update (the caller refetches both); of another workspace, they are dropped with it.
 * So do the previous rollout's toasts: a halt notice of the last release is not news now.
 */
export function applySnapshot(next: ConsoleSnapshot): void {
  set((s) => {
    if (s.liveSnapshot !== null) {
      // A past rollout is open: the live one waits aside, newest kept (see history-actions).
      const live = s.liveSnapshot;
      return next.revision < live.revision && next.generatedAt < live.generatedAt
        ? {}
        : { liveSnapshot: next, snapshotFresh: true };
    }
    const current = s.snapshot;
    if (current && next.revision < current.revision && next.generatedAt < current.generatedAt) {
      return {};
    }
    const otherRollout = current !== null && rolloutKey(current) !== rolloutKey(next);
    if (!otherRollout) {
      return { snapshot: next, load: { kind: 'ready' }, snapshotFresh: true };
    }
    const toasts = s.toasts.filter((t) => t.rollout === null || t.rollout === rolloutKey(next));
    const sameWorkspace = current.workspace?.name === next.workspace?.name;
    return {
      snapshot: next,
      load: { kind: 'ready' },
      series: {},
      chartHistory: sameWorkspace
        ? retire(s.chartHistory, s.series, liveMarkers(current.timeline, current.rings))
        : noHistory,
      zoom: null,
      snapshotFresh: true,
      // Evidence of the previous rollout's ring would be old data under a new heading.
      openGate: null,
      ...(toasts.length === s.toasts.length ? {} : { toasts }),
    };
  });
}

export function setLoadError(message: string): void {
  set({ load: { kind: 'error', message } });
}

export function setLoading(): void {
  set({ load: { kind: 'loading' } });
}

export function appendSamples(push: PushPayload<'onSamples'>): void {
  appendSampleBatch([push]);
}

/** Files many sample pushes in one store update (one re-render for a burst). */
export function appendSampleBatch(pushes: readonly PushPayload<'onSamples'>[]): void {
  if (pushes.length === 0) {
    return;
  }
  set((s) => {
    if (s.liveSnapshot !== null) {
      return {}; // live samples; the charts show the past rollout's
    }
    const series = { ...s.series };
    for (const push of pushes) {
      const byRing = { ...(series[push.metric] ?? {}) };
      byRing[push.ring] = mergePoints(byRing[push.ring] ?? [], push.points, MAX_POINTS);
      series[push.metric] = byRing;
    }
    return { series };
  });
}

/** Replaces the series with a backfill (on connect). */
export function setSeries(
  all: readonly { metric: string; ring: string; points: SeriesPoint[] }[],
): void {
  const series: AppStore['series'] = {};
  for (const s of all) {
    series[s.metric] = { ...(series[s.metric] ?? {}), [s.ring]: s.points };
  }
  set({ series });
}

export function appendLogLine(line: LogLine): void {
  set((s) => {
    const logs = [...s.logs, line];
    return { logs: logs.length > MAX_LOG_LINES ? logs.slice(logs.length - MAX_LOG_LINES) : logs };
  });
}

export function appendHostOutput(push: PushPayload<'onHostOutput'>): void {
  set((s) => {
    const lines = [
      ...(s.hostOutput[push.host] ?? []),
      push.stream === 'stderr' ? `! ${push.line}` : push.line,
    ];
    return {
      hostOutput: { ...s.hostOutput, [push.host]: lines.slice(-MAX_OUTPUT_LINES) },
    };
  });
}

export function setView(view: ViewId): void {
  set({ view });
}

export function selectHost(name: string | null): void {
  set({ selectedHost: name });
}

export function setTheme(theme: 'light' | 'dark'): void {
  set({ theme });
}

export function toggleTheme(): void {
  set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }));
}

export function setSettingsState(settings: Settings): void {
  set({ settings });
}

export { setChartHistory, setZoom } from './chart-actions';
export { dismissAllToasts, dismissToast, showToast } from './toast-actions';
