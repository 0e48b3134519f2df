// @vitest-environment jsdom
/**
 * A team console's first load: with no local workspace (`serve --team URL` without a plan)
 * the page starts on History (the team's rollouts); a team rollout open from the start
 * (`?rollout=NAME`) has its banner, and with it the login's role, at once.
 */
import { waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingsideApi, TeamRolloutView } from '../../src-main/core/contract';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { resetAppStore, useAppStore } from '../store/app-store';
import { connectStore } from './connect-store';

const NOW = Date.UTC(2026, 10, 30, 9, 0, 0);
let stop: (() => void) | null = null;

beforeEach(() => resetAppStore());
afterEach(() => {
  stop?.();
  stop = null;
});

const view: TeamRolloutView = {
  rollout: 'live',
  database: 'postgres://vera@db.example.com/ringside',
  login: 'vera',
  role: 'viewer',
  createdBy: 'alice',
  release: { name: 'web', version: '2.0.0' },
  driver: null,
  watchers: [],
  readOnly: false,
  problem: null,
};

describe('a team console loading', () => {
  it('starts on History when there is no local workspace', async () => {
    const fixture = createFixtureApi({ now: () => NOW });
    const snapshot = await fixture.api.getSnapshot();
    const api: RingsideApi = {
      ...fixture.api,
      getSnapshot: async () => ({ ...snapshot, workspace: null }),
    };
    stop = connectStore(api);
    await waitFor(() => expect(useAppStore.getState().view).toBe('history'));
    expect(useAppStore.getState().teamView).toBeNull();
  });

  it('has the banner of a team rollout open from the start, and keeps its view', async () => {
    const fixture = createFixtureApi({ now: () => NOW });
    const api: RingsideApi = { ...fixture.api, getTeamRollout: async () => view };
    stop = connectStore(api);
    await waitFor(() => expect(useAppStore.getState().teamView).toEqual(view));
    expect(useAppStore.getState().view).toBe('rollout');
  });
});
