// @vitest-environment jsdom
/**
 * On an open team rollout the buttons follow the login's role (the banner's): a viewer's
 * command buttons and an operator's Approve are disabled, each with why as its accessible
 * description; an approver's stay enabled. A local rollout is not touched.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleSnapshot, TeamRole } from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../api/client';
import { applySnapshot } from '../store/actions';
import { resetAppStore, useAppStore } from '../store/app-store';
import { ActionBar } from './action-bar';
import { RingStepper } from './ring-stepper';
import { TeamRolloutBanner } from './team-banner';
import { ConnectionsView } from '../views/connections-view';

const NOW = Date.now();

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => NOW }).api);
});
afterEach(() => cleanup());

/** A baking team rollout `live` whose canary needs two approvals, shown as `login`. */
function showTeam(login: string, role: TeamRole | null): void {
  const base = makeFixtureSnapshot({ scenario: 'baking', now: NOW });
  const snapshot: ConsoleSnapshot = {
    ...base,
    pendingHostKeys: [{ host: 'h3', fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' }],
    shown: { id: 'live', readOnly: false },
    rings: base.rings.map((r, i) =>
      i === 0 ? { ...r, approvals: { needed: 2, by: [], waiting: 'waiting for 2 approvals' } } : r,
    ),
  };
  applySnapshot(snapshot);
  useAppStore.setState({
    teamView:
      role === null
        ? null
        : {
            rollout: 'live',
            database: 'ringside on 127.0.0.1:5432',
            login,
            role,
            createdBy: 'alice',
            release: { name: 'web', version: '2.0.0' },
            driver: { holder: 'alice', machine: 'build-7', login: 'alice', until: NOW + 10_000 },
            watchers: [],
            readOnly: false,
            problem: null,
          },
  });
  render(
    <>
      <TeamRolloutBanner />
      <ActionBar />
      <RingStepper />
      <ConnectionsView />
    </>,
  );
}

const button = (name: string | RegExp) =>
  within(screen.getByLabelText('Actions')).getByRole('button', { name });
const approve = () =>
  within(screen.getByLabelText(/^Approvals of /)).getByRole('button', {
    name: 'Approve promotion',
  });

describe('command buttons follow the team login role', () => {
  it("disables a viewer's commands with why, and says the role in the banner", () => {
    showTeam('vera', 'viewer');
    expect(screen.getByTestId('team-role').textContent).toBe(
      'you act as vera — viewer: you can watch, not act',
    );
    const why =
      'vera is a viewer on the team database: sending commands needs the role ringside_operator';
    for (const name of ['Promote with override…', 'Pause', 'Halt', 'Emergency rollback']) {
      const b = button(name);
      expect(b).toHaveProperty('disabled', true);
      expect(b.getAttribute('title')).toBe(why);
      const described = document.getElementById(b.getAttribute('aria-describedby') ?? '');
      expect(described?.textContent).toBe(why);
    }
    expect(approve()).toHaveProperty('disabled', true);
    expect(approve().getAttribute('title')).toBe(why);
    const keys = within(screen.getByLabelText('New host keys'));
    for (const name of ['Approve', 'Reject']) {
      const b = keys.getByRole('button', { name });
      expect(b).toHaveProperty('disabled', true);
      expect(document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
        why,
      );
    }
  });

  it("leaves an operator's commands enabled but not Approve", () => {
    showTeam('alice', 'operator');
    expect(button('Promote with override…')).toHaveProperty('disabled', false);
    expect(button('Pause')).toHaveProperty('disabled', false);
    const keys = within(screen.getByLabelText('New host keys'));
    expect(keys.getByRole('button', { name: 'Approve' })).toHaveProperty('disabled', false);
    expect(approve()).toHaveProperty('disabled', true);
    const describedBy = approve().getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe(
      'alice is an operator on the team database: approving promotions needs the role ringside_approver',
    );
  });

  it("leaves an approver's buttons, and a local rollout's, as the rollout allows", () => {
    showTeam('otto', 'approver');
    expect(button('Promote with override…')).toHaveProperty('disabled', false);
    expect(approve()).toHaveProperty('disabled', false);
    cleanup();
    showTeam('vera', null);
    expect(button('Pause')).toHaveProperty('disabled', false);
    expect(approve()).toHaveProperty('disabled', false);
  });
});
