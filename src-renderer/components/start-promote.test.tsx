// @vitest-environment jsdom
/**
 * Issue 11, items 1 and 2: Start picks a known release and names what it does; a typo such
 * as 9.9.9 cannot deploy in one click. Promote shows the evidence where the decision is, and
 * an override is a destructive path with a reason, marked on the ring's card afterwards.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionView } from '../../src-main/core/contract';
import { createFixtureApi, type FixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { applySnapshot } from '../store/actions';
import { resetAppStore } from '../store/app-store';
import { ActionBar } from './action-bar';
import { RingStepper } from './ring-stepper';

// The bake countdown reads the wall clock (useNow): the fixture bakes around it.
const NOW = Date.now();
let fixture: FixtureApi;

beforeEach(() => {
  resetAppStore();
  fixture = createFixtureApi({ now: () => NOW });
  setApi(fixture.api);
});
afterEach(() => cleanup());

function openStart() {
  applySnapshot(makeFixtureSnapshot({ scenario: 'idle', now: NOW }));
  render(<ActionBar />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  return screen.getByRole('dialog');
}

describe('Start', () => {
  it('offers the releases the workspace knows, free text only behind "other version…"', () => {
    const dialog = openStart();
    const options = within(dialog).getAllByRole('radio');
    expect(
      options.map((o) => (o as HTMLInputElement).value.replace('\u0000other', 'other')),
    ).toEqual(['2.4.0', '2.4.1-bad', '2.3.9', 'other']);
    expect(dialog.textContent).toContain('last rollout done');
    expect(within(dialog).queryByRole('textbox')).toBeNull();
  });

  it('does not deploy a typo like 9.9.9 in one click: it needs an explicit tick', async () => {
    const dialog = openStart();
    fireEvent.click(within(dialog).getByLabelText('other version…'));
    fireEvent.change(within(dialog).getByLabelText('Version', { exact: true }), {
      target: { value: '9.9.9' },
    });
    const confirm = within(dialog).getByRole('button', { name: 'Start 9.9.9' });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.click(confirm);
    expect(fixture.calls.some((c) => c.method === 'start')).toBe(false);
    fireEvent.click(within(dialog).getByLabelText(/9\.9\.9 is not a release this workspace knows/));
    expect(confirm).toHaveProperty('disabled', false);
  });

  it('confirms the version, the previous one, and the first ring with its hosts', async () => {
    const dialog = openStart();
    const confirm = within(dialog).getByRole('button', { name: 'Start' });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByLabelText(/2\.4\.1-bad/));
    const summary = within(dialog).getByLabelText('What Start does').textContent ?? '';
    expect(summary).toMatch(
      /Deploys web 2\.4\.1-bad over 2\.3\.1, ring canary first: 3 hosts \(web-01/,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start 2.4.1-bad' }));
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'start')?.params).toMatchObject({
        release: '2.4.1-bad',
      }),
    );
  });
});

function promoteWith(action: Partial<ActionView>) {
  const snap = makeFixtureSnapshot({ scenario: 'baking', now: NOW });
  applySnapshot({
    ...snap,
    actions: snap.actions.map((a) => (a.id === 'promote' ? { ...a, ...action } : a)),
  });
  render(<ActionBar />);
}

describe('Promote', () => {
  it('shows every gate ring vs baseline with units, samples, verdict, confidence and the bake', () => {
    promoteWith({ enabled: true, why: null, requiresOverride: false });
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('Bake').textContent).toMatch(/Baking: .* left of/);
    const rows = within(dialog)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows[1]).toMatch(/error-rate.*0\.52 %.*0\.5 %.*18,204 \/ 120,377.*inconclusive.*99 %/);
    expect(rows[2]).toMatch(/p99-latency.*212 ms.*208 ms/);
    expect(within(dialog).getByRole('button', { name: 'Promote' }).className).toContain('primary');
  });

  it('makes an override a destructive, secondary path that needs a reason', async () => {
    promoteWith({ enabled: true, why: 'gates not passing: error-rate', requiresOverride: true });
    const bar = screen.getByRole('button', { name: 'Promote with override…' });
    expect(bar.className).toContain('danger');
    expect(bar.className).not.toContain('primary');
    fireEvent.click(bar);
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Promote with override' });
    expect(confirm.className).toContain('danger');
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(within(dialog).getByLabelText(/Override reason/), {
      target: { value: 'latency data missing, checked by hand' },
    });
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(fixture.calls.find((c) => c.method === 'promote')?.params).toMatchObject({
        override: { reason: 'latency data missing, checked by hand' },
      }),
    );
  });

  it('marks an overridden ring on its card, with who and why', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: NOW });
    applySnapshot({
      ...snap,
      rings: snap.rings.map((r, i) =>
        i === 0 ? { ...r, override: { by: 'alice', reason: 'latency probe down' } } : r,
      ),
    });
    render(<RingStepper />);
    const card = screen.getByText('canary').closest('li')!;
    expect(card.textContent).toContain('promoted with override');
    expect(card.textContent).toContain('Override by alice: latency probe down');
  });
});
