// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureLogLines } from '../../src-main/core/contract/fixture-telemetry';
import { makeFixtureSnapshot, type FixtureScenario } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { connectStore } from '../api/connect-store';
import { App } from '../app';
import { applySnapshot, setLoadError, setView } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import type { ViewId } from '../store/ui-slice';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
let fixture: FixtureApi;

function show(view: ViewId, scenario: FixtureScenario = 'deploying') {
  applySnapshot(makeFixtureSnapshot({ scenario, now: NOW }));
  setView(view);
  return render(<App />);
}

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
});
afterEach(() => cleanup());

describe('app states', () => {
  it('shows loading until the first snapshot', () => {
    render(<App />);
    expect(screen.getByRole('status').textContent).toMatch(/Connecting/);
  });
  it('shows the load error with a retry that recovers', async () => {
    setLoadError('connection to the Ringside server lost');
    render(<App />);
    expect(screen.getByRole('alert').textContent).toMatch(/server lost/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByLabelText('Rings');
  });
  it('offers the demo when no workspace is open, and opens it', async () => {
    show('rollout', 'empty');
    fireEvent.click(screen.getByRole('button', { name: 'Open demo' }));
    await waitFor(() => expect(fixture.calls.map((c) => c.method)).toContain('openWorkspace'));
  });
  it('fills the store from the API and its pushes', async () => {
    const stop = connectStore(fixture.api);
    await waitFor(() => expect(useAppStore.getState().load.kind).toBe('ready'));
    act(() =>
      fixture.hub.emit('onLogLine', {
        at: NOW,
        ring: 'canary',
        host: 'web-01',
        line: 'x',
        signature: null,
      }),
    );
    expect(useAppStore.getState().logs).toHaveLength(1);
    stop();
  });
});

describe('rollout view', () => {
  it('renders rings, gates and disabled actions with their reason', () => {
    show('rollout');
    expect(screen.getByLabelText('Rings').textContent).toMatch(/canary.*early.*broad.*global/s);
    const promote = screen.getByRole('button', { name: 'Promote' });
    expect(promote).toHaveProperty('disabled', true);
    expect(screen.getByText('the ring is not baked yet')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: /error-rate: pass/ })[0]!);
    expect(screen.getByLabelText('Evidence of ring canary').textContent).toMatch(/0.52 %/);
  });
  it('requires a written override reason to promote past inconclusive gates', async () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'baking', now: NOW }));
    fixture.setScenario('baking');
    show('rollout', 'baking');
    fireEvent.click(screen.getByRole('button', { name: 'Promote with override…' }));
    const confirm = screen.getAllByRole('button', { name: 'Promote with override' }).at(-1)!;
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText(/Override reason/), {
      target: { value: 'latency data missing, checked by hand' },
    });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'promote')?.params).toEqual({
        override: { reason: 'latency data missing, checked by hand' },
      }),
    );
  });
  it('shows the halt summary first', () => {
    show('rollout', 'halted');
    expect(screen.getByLabelText('Halt summary').textContent).toMatch(
      /error-rate failed on canary/,
    );
  });
  it('shows a refusal from main as an error toast', async () => {
    show('rollout');
    fireEvent.click(screen.getByRole('button', { name: 'Roll back ring' }));
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'x' } });
    fixture.setScenario('idle');
    fireEvent.click(screen.getAllByRole('button', { name: 'Roll back ring' }).at(-1)!);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/rollbackRing: refused/),
    );
  });
});

describe('other views', () => {
  it('fleet: empty, then populated with legend and keyboard selection', () => {
    show('fleet', 'empty');
    expect(screen.getByText(/No hosts yet/)).toBeTruthy();
    cleanup();
    show('fleet');
    expect(screen.getByLabelText('Versions running now').textContent).toMatch(
      /^2\.4\.0 · \d+ hosts2\.3\.1 · \d+ hosts$/,
    );
    fireEvent.change(screen.getByLabelText('Colour by'), { target: { value: 'state' } });
    expect(screen.getByLabelText('Host states').textContent).toMatch(
      /needs key approval · 1 host(?!s)/,
    );
    fireEvent.keyDown(screen.getByTestId('host-grid'), { key: 'ArrowRight' });
    expect(screen.getByLabelText('Host details').textContent).toMatch(/web-01/);
  });
  it('telemetry: says when a window has no samples', () => {
    show('telemetry');
    expect(screen.getAllByText('no samples in this window yet')).toHaveLength(2);
  });
  it('timeline: filters by kind and exports', () => {
    show('timeline');
    fireEvent.click(screen.getByLabelText('bake started'));
    expect(screen.getAllByRole('row')).toHaveLength(2);
    fireEvent.click(screen.getByLabelText('ring started'));
    expect(screen.getAllByRole('row').length).toBeGreaterThan(2);
    // Exports download at once (export-download.test.tsx); no preview is kept on screen.
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeTruthy();
    expect(screen.queryByTestId('export-preview')).toBeNull();
  });
  it('logs: empty, then signatures counted', () => {
    show('logs');
    expect(screen.getByText(/No log lines yet/)).toBeTruthy();
    act(() => useAppStore.setState({ logs: makeFixtureLogLines(NOW, 50) }));
    expect(screen.getByLabelText('Error signatures').textContent).toMatch(
      /upstream timeout after <n> ms\d+/,
    );
  });
  it('connections: rejects a pending host key', async () => {
    show('connections');
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(fixture.calls.map((c) => c.method)).toContain('rejectHostKey'));
  });
});

describe('keyboard', () => {
  it('moves between view tabs with the arrow keys, one Tab stop for the strip', () => {
    show('rollout');
    const rollout = screen.getByRole('tab', { name: 'Rollout' });
    expect(screen.getAllByRole('tab').filter((t) => t.tabIndex === 0)).toEqual([rollout]);
    fireEvent.keyDown(rollout, { key: 'ArrowRight' });
    const telemetry = screen.getByRole('tab', { name: 'Telemetry' });
    expect(telemetry.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(telemetry);
    fireEvent.keyDown(telemetry, { key: 'Home' });
    expect(screen.getByRole('tab', { name: 'Fleet' }).getAttribute('aria-selected')).toBe('true');
  });
});
