// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { groupHosts } from '../components/fleet-groups';
import { layoutHostGrid } from '../components/host-grid-layout';
import { applySnapshot } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { FleetView } from './fleet-view';

const NOW = Date.UTC(2026, 10, 29, 8, 0, 0);

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => NOW }).api);
});
afterEach(() => cleanup());

describe('fleet view', () => {
  it('searches by substring and label=value and says how many match', () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: NOW });
    applySnapshot(snap);
    render(<FleetView />);
    const box = screen.getByLabelText('Find hosts');
    const region = snap.hosts[0]!.labels.region!;
    fireEvent.change(box, { target: { value: `region=${region}` } });
    const n = snap.hosts.filter((h) => h.labels.region === region).length;
    expect(screen.getByRole('status').textContent).toBe(`${n} of ${snap.hosts.length} hosts match`);
    fireEvent.change(box, { target: { value: snap.hosts[5]!.name.slice(2) } });
    fireEvent.submit(box);
    expect(useAppStore.getState().selectedHost).toBe(
      snap.hosts.find((h) => h.name.includes(snap.hosts[5]!.name.slice(2)))?.name,
    );
  });

  it('groups by any label, moves with arrow keys inside the grid, and shows a hover card', async () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: NOW });
    applySnapshot(snap);
    render(<FleetView />);
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'label:zone' } });
    expect(useAppStore.getState().fleet.groupBy).toBe('label:zone');
    const grid = screen.getByTestId('host-grid');
    const layout = layoutHostGrid(
      groupHosts(snap.rings, snap.hosts, 'label:zone', () => ''),
      900,
    );
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(useAppStore.getState().selectedHost).toBe(layout.names[0]);
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(useAppStore.getState().selectedHost).toBe(layout.names[1]);
    fireEvent.mouseMove(grid, { clientX: layout.xs[2]! + 1, clientY: layout.ys[2]! + 1 });
    const card = screen.getByRole('tooltip');
    expect(card.textContent).toContain(layout.names[2]);
    fireEvent.mouseLeave(grid);
    expect(screen.queryByRole('tooltip')).toBeNull();
    // The details panel lists the selected host's steps across rollouts.
    const details = screen.getByLabelText('Host details');
    const history = await within(details).findByRole('table', {
      name: `History of ${layout.names[1]}`,
    });
    expect(history.textContent).toMatch(/2\.4\.1-bad/);
  });
});
