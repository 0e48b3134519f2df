// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { showToast } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { TOAST_READ_MS } from '../store/toast-actions';
import { ToastTray } from './toast-tray';

beforeEach(() => {
  resetAppStore();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const tray = () => screen.getByRole('region', { name: 'Notifications' });

describe('toast tray', () => {
  it('lets an ordinary toast go once it has been readable for a while', () => {
    render(<ToastTray />);
    act(() => void showToast('info', 'Ring canary has baked and waits for promotion.'));
    expect(tray().textContent).toMatch(/waits for promotion/);
    act(() => vi.advanceTimersByTime(TOAST_READ_MS - 1));
    expect(tray().textContent).toMatch(/waits for promotion/);
    act(() => vi.advanceTimersByTime(1));
    expect(useAppStore.getState().toasts).toHaveLength(0);
    expect(tray().textContent).toBe('');
  });

  it('keeps a halt until dismissed, shrunk to one line after the read time', () => {
    render(<ToastTray />);
    act(
      () =>
        void showToast('error', 'Ring canary halted: gate error-rate failed.', { sticky: true }),
    );
    act(() => vi.advanceTimersByTime(TOAST_READ_MS * 5));
    const toast = screen.getByRole('alert');
    expect(toast.className).toMatch(/collapsed/);
    expect(toast.getAttribute('title')).toBe('Ring canary halted: gate error-rate failed.');
    fireEvent.click(screen.getByRole('button', { name: /Dismiss: Ring canary halted/ }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the newest three and "+N more", which lists them all', () => {
    render(<ToastTray />);
    act(() => {
      for (let i = 1; i <= 5; i += 1) {
        showToast('error', `notice ${i}`, { sticky: true });
      }
    });
    expect(screen.getAllByRole('alert').map((t) => t.textContent)).toEqual([
      'notice 3×',
      'notice 4×',
      'notice 5×',
    ]);
    fireEvent.click(screen.getByRole('button', { name: '+2 more' }));
    expect(screen.getAllByRole('alert')).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });
});
