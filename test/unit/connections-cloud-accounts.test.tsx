// @vitest-environment jsdom
/**
 * Connections lists the Azure and AWS accounts the plan's inventories read, and "Test connection"
 * asks the facade (`testCloudAccount`) and shows its answer in one status line.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApi } from '../../src-main/core/contract/fixture-api';
import { makeFixtureSnapshot } from '../../src-main/core/contract/fixtures';
import { setApi } from '../../src-renderer/api/client';
import { applySnapshot } from '../../src-renderer/store/actions';
import { resetAppStore } from '../../src-renderer/store/app-store';
import { ConnectionsView } from '../../src-renderer/views/connections-view';

const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
let calls: unknown[] = [];

beforeEach(() => {
  resetAppStore();
  calls = [];
  const fixture = createFixtureApi({ now: () => 0 });
  setApi({
    ...fixture.api,
    testCloudAccount: async (p) => {
      calls.push(p);
      return {
        ok: true,
        answer: `subscription 'prod' (Enabled) at https://management.azure.com`,
        latencyMs: 41.6,
      };
    },
  });
});
afterEach(() => cleanup());

describe('Connections: cloud accounts', () => {
  it('lists the Azure subscription with its resource groups and shows whether it answers', async () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0 });
    applySnapshot({
      ...snap,
      connections: {
        ...snap.connections,
        cloudAccounts: [{ cloud: 'azure', account: SUB, scope: ['rg-web-weu', 'rg-web-neu'] }],
      },
    });
    render(<ConnectionsView />);
    const section = screen.getByLabelText('Cloud accounts');
    expect(section.textContent).toContain(`Azure subscription ${SUB} (rg-web-weu, rg-web-neu)`);
    fireEvent.click(within(section).getByRole('button', { name: 'Test connection' }));
    const status = await within(section).findByRole('status');
    expect(status.textContent?.trim()).toBe(
      "Answers: subscription 'prod' (Enabled) at https://management.azure.com in 42 ms",
    );
    expect(calls).toEqual([{ cloud: 'azure', account: SUB }]);
  });

  it('lists AWS profiles and the default chain with their regions; Test asks for that one', async () => {
    const snap = makeFixtureSnapshot({ scenario: 'deploying', now: 0 });
    applySnapshot({
      ...snap,
      connections: {
        ...snap.connections,
        cloudAccounts: [
          { cloud: 'aws', account: 'prod-deploy', scope: ['us-east-1', 'eu-west-1'] },
          { cloud: 'aws', account: 'default chain', scope: ['us-west-2'] },
        ],
      },
    });
    render(<ConnectionsView />);
    const section = screen.getByLabelText('Cloud accounts');
    const rows = within(section).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent?.replace(/Test connection.*$/, '').trim())).toEqual([
      'AWS profile prod-deploy (us-east-1, eu-west-1)',
      'AWS, default credential chain (us-west-2)',
    ]);
    const first = rows[0];
    if (!first) {
      return;
    }
    fireEvent.click(within(first).getByRole('button', { name: 'Test connection' }));
    await within(first).findByRole('status');
    expect(calls).toEqual([{ cloud: 'aws', account: 'prod-deploy' }]);
  });

  it('shows no cloud section for a plan without cloud inventories', () => {
    applySnapshot(makeFixtureSnapshot({ scenario: 'deploying', now: 0 }));
    render(<ConnectionsView />);
    expect(screen.queryByLabelText('Cloud accounts')).toBeNull();
  });
});
