// @vitest-environment jsdom
/**
 * Issue 11 item 5's quoted failure, in the fleet view: after 2.4.0 finished and 2.4.1-bad
 * rolled back in the canary, "57 hosts read 'pending' though they run 2.4.0". The snapshot
 * is the facade's own projection of the core's replayed journal.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { projectSnapshot } from '../../src-main/core/projection/project-snapshot';
import { replay } from '../../src-main/core/rollout';
import { setApi } from '../../src-renderer/api/client';
import { applySnapshot } from '../../src-renderer/store/actions';
import { resetAppStore } from '../../src-renderer/store/app-store';
import { FleetView } from '../../src-renderer/views/fleet-view';
import { twoRollouts } from '../helpers/two-rollouts';

const NOW = Date.UTC(2026, 10, 29, 8, 0, 0);

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => NOW }).api);
});
afterEach(() => cleanup());

/** The console right after 2.4.1-bad was rolled back in the canary (2.4.0 ran everywhere). */
function afterRolledBackBad() {
  const { bad, plan } = twoRollouts();
  return projectSnapshot({
    now: NOW,
    revision: 1,
    workspace: { name: 'demo', source: { kind: 'demo' }, release: plan.release },
    plan,
    document: null,
    state: replay(bad),
    haltEvents: [],
    timeline: [],
    output: new Map(),
    keyType: () => 'ssh-ed25519',
    connections: { identities: [], knownHosts: [], prometheusUrls: [], cloudAccounts: [] },
    previous: null,
  });
}

describe('fleet view after a rolled-back release', () => {
  it('colours by the version each host runs: 60 hosts read 2.4.0, not 57 "pending"', () => {
    applySnapshot(afterRolledBackBad());
    render(<FleetView />);
    const legend = screen.getByLabelText('Versions running now');
    expect(legend.textContent).toBe('2.4.0 · 60 hosts');
    expect(screen.queryByText(/not updated/)).toBeNull();
    // The state of this rollout is one choice away.
    fireEvent.change(screen.getByLabelText('Colour by'), { target: { value: 'state' } });
    expect(screen.getByLabelText('Host states').textContent).toMatch(/not updated · 57 hosts/);
  });
});
