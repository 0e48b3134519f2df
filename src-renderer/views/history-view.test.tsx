// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { PAST_ROLLOUT_WHY } from '../../src-main/core/words';
import { setApi } from '../api/client';
import { App } from '../app';
import { applySnapshot, setView } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';

const NOW = Date.UTC(2026, 10, 29, 8, 0, 0);
let fixture: FixtureApi;

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
  applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: NOW }));
  setView('history');
});
afterEach(() => cleanup());

describe('history', () => {
  it('lists the rollouts newest first with outcome and duration', async () => {
    render(<App />);
    const list = await screen.findByLabelText('Rollout history');
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^web 2\.4\.0 \(from 2\.3\.1\)deploying · live.*2m 00s so far60dana/),
      expect.stringMatching(/^web 2\.4\.1-bad \(from 2\.4\.0\)rolled back.*1m 35s60dana/),
      expect.stringMatching(/^web 2\.4\.0 \(from 2\.3\.9\)done.*21m 00s60dana/),
    ]);
  });

  it('opens a past rollout read-only, keeps live pushes aside, and goes back to live', async () => {
    render(<App />);
    const list = await screen.findByLabelText('Rollout history');
    fireEvent.click(within(list).getByRole('button', { name: /^Open 2\.4\.1-bad / }));
    const banner = await screen.findByRole('status', { name: 'Past rollout' });
    expect(banner.textContent).toMatch(/web 2\.4\.0 · halted/);
    expect(useAppStore.getState().view).toBe('rollout');
    expect(screen.getByText(PAST_ROLLOUT_WHY)).toBeTruthy();
    expect(useAppStore.getState().window).toBe('all');
    // A live snapshot arrives meanwhile: the past one stays on screen.
    act(() =>
      applySnapshot({ ...makeFixtureSnapshot({ scenario: 'baking', now: NOW }), revision: 99 }),
    );
    expect(useAppStore.getState().snapshot?.shown?.readOnly).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the live console' }));
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Past rollout' })).toBeNull());
    // Back on the live console, with the newest live snapshot.
    expect(useAppStore.getState().snapshot?.rollout.status).toBe('baking');
    expect(useAppStore.getState().liveSnapshot).toBeNull();
  });
});
