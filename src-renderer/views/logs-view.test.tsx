// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../src-main/core/contract';
import { appendLogLine } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { LogsView } from './logs-view';

const line = (
  at: number,
  host: string,
  text: string,
  signature: string | null = null,
): LogLine => ({
  at,
  ring: host.startsWith('can') ? 'canary' : 'early',
  host,
  line: text,
  signature,
});
const lines = [
  line(1, 'can-01', 'app[7]: INFO GET /api/orders 200 in 12ms'),
  line(2, 'can-02', 'app[7]: ERROR db timeout after 3021ms', 'db timeout after <n>ms'),
  line(3, 'ear-11', 'app[7]: WARN slow disk sda'),
  line(4, 'ear-12', 'app[7]: ERROR db timeout after 3090ms', 'db timeout after <n>ms'),
  line(5, 'ear-13', 'app[7]: ERROR connection reset by peer', 'connection reset by peer'),
];
const stream = () => screen.getByLabelText('Log stream');
const hostsShown = () =>
  [...stream().querySelectorAll('.log-line')].map(
    (el) => /\/(\S+)/.exec(el.textContent ?? '')?.[1],
  );

beforeEach(() => {
  resetAppStore();
  useAppStore.setState({ logs: lines });
});
afterEach(() => cleanup());

describe('logs view', () => {
  it('searches text and hosts by substring, not only an exact host', () => {
    render(<LogsView />);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'db TIMEOUT' } });
    expect(hostsShown()).toEqual(['can-02', 'ear-12']);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'ear-1' } });
    expect(hostsShown()).toEqual(['ear-11', 'ear-12', 'ear-13']);
  });

  it('filters by level', () => {
    render(<LogsView />);
    fireEvent.click(screen.getByRole('button', { name: 'info' }));
    fireEvent.click(screen.getByRole('button', { name: 'error' }));
    expect(screen.getByRole('button', { name: 'error' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    expect(hostsShown()).toEqual(['ear-11']);
  });

  it('shows the lines of a signature when it is clicked, and every line again', () => {
    render(<LogsView />);
    fireEvent.click(screen.getByRole('button', { name: 'db timeout after <n>ms' }));
    expect(hostsShown()).toEqual(['can-02', 'ear-12']);
    expect(screen.getByLabelText('Log lines').textContent).toContain('Lines of “db timeout');
    // The other signatures stay listed, to switch to.
    expect(screen.getByRole('button', { name: 'connection reset by peer' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show every line' }));
    expect(hostsShown()).toHaveLength(lines.length);
  });

  it('follows new lines until the person scrolls up, then resumes on Follow', () => {
    render(<LogsView />);
    const pane = stream();
    let height = 1000;
    Object.defineProperty(pane, 'scrollHeight', { get: () => height });
    Object.defineProperty(pane, 'clientHeight', { get: () => 400 });
    act(() => appendLogLine(line(6, 'can-03', 'app[7]: INFO GET / 200 in 3ms')));
    expect(pane.scrollTop).toBe(1000);
    expect(screen.getByRole('status').textContent).toBe('Following new lines');
    pane.scrollTop = 200;
    fireEvent.scroll(pane);
    height = 1100;
    act(() => appendLogLine(line(7, 'can-04', 'app[7]: INFO GET / 200 in 4ms')));
    expect(pane.scrollTop).toBe(200);
    fireEvent.click(screen.getByRole('button', { name: 'Follow new lines' }));
    expect(pane.scrollTop).toBe(1100);
  });
});
