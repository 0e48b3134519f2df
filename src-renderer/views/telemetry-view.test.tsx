// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingsideApi, Series } from '../../src-main/core/contract';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { connectStore } from '../api/connect-store';
import { applySnapshot, setSeries } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { TelemetryView } from './telemetry-view';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
let fixture: FixtureApi;

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
});
afterEach(() => cleanup());

describe('telemetry view', () => {
  it('titles a chart with its unit, and a unit-less metric without an empty "()"', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: NOW });
    applySnapshot({
      ...snap,
      metrics: [
        { name: 'restarts', unit: '', thresholds: [] },
        { name: 'p99_latency', unit: 'ms', thresholds: [] },
      ],
    });
    render(<TelemetryView />);
    const heading = (name: string) =>
      screen.getByLabelText(`${name} chart`).querySelector('h3')?.textContent;
    expect(heading('restarts')).toBe('restarts');
    expect(heading('p99_latency')).toBe('p99_latency (ms)');
  });

  it('charts only the rings that have samples (no empty scope in the legend)', () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: NOW }));
    setSeries([
      { metric: 'error_rate', ring: 'canary', points: [] },
      { metric: 'error_rate', ring: 'platform', points: [] },
    ]);
    render(<TelemetryView />);
    expect(screen.getAllByText('no samples in this window yet')).toHaveLength(2);
  });
});

describe('samples across rollouts', () => {
  it('keeps the previous rollout charted as history and refetches the new rollout series', async () => {
    const asked: number[] = [];
    const backfills: Series[][] = [
      [{ metric: 'error_rate', ring: 'canary', points: [{ t: NOW - 5000, v: 0.4 }] }],
      [{ metric: 'error_rate', ring: 'canary', points: [{ t: NOW + 600_000, v: 0.9 }] }],
    ];
    const api: RingsideApi = {
      ...fixture.api,
      getChartHistory: async () => ({ series: [], markers: [] }),
      getSeries: async () => {
        asked.push(asked.length);
        return backfills[Math.min(asked.length - 1, 1)] ?? [];
      },
    };
    const stop = connectStore(api);
    await waitFor(() => expect(useAppStore.getState().series.error_rate?.canary).toHaveLength(1));
    act(() =>
      fixture.hub.emit('onSamples', {
        metric: 'error_rate',
        ring: 'canary',
        points: [{ t: NOW + 1000, v: 0.5 }],
      }),
    );
    await waitFor(() => expect(useAppStore.getState().series.error_rate?.canary).toHaveLength(2));
    // The same rollout progressing keeps its samples.
    const current = await fixture.api.getSnapshot();
    act(() => fixture.hub.emit('onSnapshot', { ...current, revision: current.revision + 1 }));
    expect(useAppStore.getState().series.error_rate?.canary).toHaveLength(2);
    expect(asked).toHaveLength(1);
    // Another rollout starts: the old samples move to the charts' history at once (charts do
    // not reset with each rollout), the new rollout's backfill fills the live lines.
    act(() =>
      fixture.hub.emit('onSnapshot', {
        ...current,
        revision: current.revision + 2,
        generatedAt: NOW + 600_000,
        rollout: { ...current.rollout, startedAt: NOW + 590_000 },
      }),
    );
    expect(useAppStore.getState().series).toEqual({});
    expect(useAppStore.getState().chartHistory.series.error_rate?.canary).toEqual([
      { t: NOW - 5000, v: 0.4 },
      { t: NOW + 1000, v: 0.5 },
    ]);
    await waitFor(() =>
      expect(useAppStore.getState().series.error_rate?.canary).toEqual([
        { t: NOW + 600_000, v: 0.9 },
      ]),
    );
    expect(asked).toHaveLength(2);
    stop();
  });
});
