// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { setConnection } from '../api/connection';
import { applySnapshot } from '../store/actions';
import { resetAppStore } from '../store/app-store';
import { ActionBar } from './action-bar';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
let fixture: FixtureApi;

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
});
afterEach(() => cleanup());

describe('Halt button', () => {
  it('confirms, requires a reason, and sends halt with it', async () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: NOW }));
    render(<ActionBar />);
    fireEvent.click(screen.getByRole('button', { name: 'Halt' }));
    const confirm = screen.getAllByRole('button', { name: 'Halt' }).at(-1)!;
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'errors climbing' } });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'halt')?.params).toEqual({
        reason: 'errors climbing',
      }),
    );
  });

  it('is disabled with its why when there is nothing to halt', () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'halted', now: NOW }));
    render(<ActionBar />);
    expect(screen.getByRole('button', { name: 'Halt' })).toHaveProperty('disabled', true);
    expect(screen.getByText('nothing to halt: no ring is deploying or baking')).toBeTruthy();
  });
});

describe('after a lost connection', () => {
  it('keeps every action disabled until a fresh snapshot has arrived', () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: NOW }));
    render(<ActionBar />);
    expect(screen.getByRole('button', { name: 'Halt' })).toHaveProperty('disabled', false);
    act(() => {
      setConnection('backingOff');
      setConnection('connected');
    });
    expect(screen.getByRole('button', { name: 'Halt' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('status').textContent).toMatch(/Connection lost/);
    act(() => applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: NOW + 1000 })));
    expect(screen.getByRole('button', { name: 'Halt' })).toHaveProperty('disabled', false);
  });
});
