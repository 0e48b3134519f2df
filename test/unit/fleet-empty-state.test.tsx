// @vitest-environment jsdom
/**
 * The fleet view with no hosts says where hosts come from: a workspace, and on a console with a
 * team database (`ringside serve --team URL` without a plan) a team rollout too.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { setApi } from '../../src-renderer/api/client';
import { resetAppStore, useAppStore } from '../../src-renderer/store/app-store';
import { FleetView } from '../../src-renderer/views/fleet-view';

beforeEach(() => {
  resetAppStore();
  setApi(createFixtureApi({ now: () => 0 }).api);
});
afterEach(() => cleanup());

describe('fleet view with no hosts', () => {
  it('points a local console at a workspace', () => {
    render(<FleetView />);
    expect(screen.getByText('No hosts yet: open a workspace to see its fleet.')).toBeTruthy();
  });

  it('points a team console at its team rollouts as well', () => {
    useAppStore.setState({ teamRollouts: [] });
    render(<FleetView />);
    expect(
      screen.getByText(
        'No hosts yet: open a team rollout (History, Team rollouts) or a workspace to see its fleet.',
      ),
    ).toBeTruthy();
  });
});
