// @vitest-environment jsdom
/**
 * Issue 11, item 7: an export downloads at once as RELEASE-VERSION-DATE.ext (no preview of a
 * previous rollout left on screen, no `ringside-timeline.ext`); the halt summary has a Copy
 * button that also says where the hosts are now; the operator's name is asked once, with the
 * OS user suggested, and shown in the header.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { App } from '../app';
import { applySnapshot, setSettingsState, setView } from '../store/actions';
import { resetAppStore } from '../store/app-store';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
let fixture: FixtureApi;
let downloads: { name: string; blob: Blob }[];

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
  downloads = [];
  const blobs = new Map<string, Blob>();
  // jsdom has no Blob URLs and does not navigate: record what the link would save.
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function timelineOf(version: string, startedAt: number) {
  const s = makeFixtureSnapshot({ scenario: 'halted', now: NOW });
  return {
    ...s,
    revision: s.revision + startedAt,
    workspace: { ...s.workspace!, release: { ...s.workspace!.release, version } },
    rollout: { ...s.rollout, startedAt },
  };
}

describe('export', () => {
  it('downloads at once, named RELEASE-VERSION-DATE.ext, with nothing left to go stale', async () => {
    applySnapshot(timelineOf('2.4.1-bad', Date.UTC(2026, 10, 25, 23, 0, 0)));
    setView('timeline');
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Export MD' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]?.name).toBe('web-2.4.1-bad-2026-11-25.md');
    expect(await downloads[0]?.blob.text()).toContain('# ');
    expect(screen.queryByTestId('export-preview')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Download' })).toBeNull();
    // The next rollout's export is named after it, not after the previous one.
    act(() => applySnapshot(timelineOf('2.4.2', Date.UTC(2026, 10, 26, 7, 0, 0))));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]?.name).toBe('web-2.4.2-2026-11-26.csv');
  });
});

describe('halt summary', () => {
  it('copies the paragraph and where the hosts are now', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t: string) => (writes.push(t), Promise.resolve()) },
    });
    const s = makeFixtureSnapshot({ scenario: 'halted', now: NOW });
    const hosts = s.hosts.map((h) =>
      h.ring === 'canary' ? { ...h, state: 'rolledBack' as const, version: '2.3.1' } : h,
    );
    applySnapshot({ ...s, hosts });
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    const canary = hosts.filter((h) => h.ring === 'canary').length;
    expect(writes[0]).toBe(`${s.halt!.text}\n${canary} hosts back on 2.3.1.`);
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
  });
});

describe('operator name', () => {
  it('is asked once on first run with a suggestion, then shown in the header', async () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'idle', now: NOW }));
    setSettingsState({ ...(await fixture.api.getSettings()), operatorName: 'alice' });
    render(<App />);
    const input = screen.getByLabelText(/Your name in the journal/) as HTMLInputElement;
    expect(input.value).toBe('alice');
    expect(screen.getByRole('button', { name: 'operator: alice' })).toBeTruthy();
    fireEvent.change(input, { target: { value: 'Alice Martin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'setSettings')?.params).toEqual({
        operatorName: 'Alice Martin',
        operatorConfirmed: true,
      }),
    );
    await screen.findByRole('button', { name: 'operator: Alice Martin' });
    expect(screen.queryByLabelText(/Your name in the journal/)).toBeNull();
  });

  it('is not asked again once confirmed', async () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'idle', now: NOW }));
    setSettingsState({
      ...(await fixture.api.getSettings()),
      operatorName: 'bob',
      operatorConfirmed: true,
    });
    render(<App />);
    expect(screen.queryByLabelText(/Your name in the journal/)).toBeNull();
    expect(screen.getByRole('button', { name: 'operator: bob' })).toBeTruthy();
  });
});
