/**
 * The console's Connections entry for an Azure account: listed from the plan's inventories
 * (subscription and resource groups, no credentials), and "does it answer" asked of the
 * simulated Resource Manager with the real SDK and the default chain's environment path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAzureSubscription } from '../../src-main/adapters/cloud-azure';
import { cloudAccountsOf, testCloudAccount } from '../../src-main/app/cloud-accounts';
import { ConnectionsViewSchema } from '../../src-main/core/contract';
import { parsePlanText, type PlanDocument } from '../../src-main/core/plan';
import { simAzureAccess } from '../../src-main/runtime/sim-azure';
import {
  simulatedSubscription,
  startSimAzure,
  type SimAzure,
} from '../../src-main/sim/cloud-azure';

const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
let sim: SimAzure;

beforeAll(async () => {
  sim = await startSimAzure({
    subscription: simulatedSubscription({ subscription: SUB, resourceGroups: ['rg-a'] }),
  });
});
afterAll(async () => sim.stop());

function documentWith(inventories: unknown[]): PlanDocument {
  const r = parsePlanText(
    JSON.stringify({
      release: { name: 'web', version: '2', previous: '1' },
      fleet: { inventories },
      domains: { byLabel: 'azure.updateDomain' },
      rings: [{ name: 'all', select: { rest: true }, bake: '0s' }],
      deploy: { steps: [{ name: 's', command: 'appctl restart', timeout: '5s' }] },
    }),
    'p.yaml',
  );
  if (!r.ok) {
    throw new Error(r.error.map((e) => e.message).join('; '));
  }
  return r.value.document;
}

describe('Connections: Azure accounts', () => {
  it('lists each subscription once with the resource groups its entries read', () => {
    const doc = documentWith([
      { azure: { subscription: SUB, resourceGroups: ['rg-a'] } },
      { path: 'hosts.yaml' },
      { azure: { subscription: SUB, resourceGroups: ['rg-b', 'rg-a'] } },
    ]);
    const accounts = cloudAccountsOf(doc);
    expect(accounts).toEqual([{ cloud: 'azure', account: SUB, scope: ['rg-a', 'rg-b'] }]);
    expect(
      ConnectionsViewSchema.safeParse({
        identities: [],
        knownHosts: [],
        prometheusUrls: [],
        cloudAccounts: accounts,
      }).success,
    ).toBe(true);
  });

  it('says the account answers, through the real SDK', async () => {
    const r = await probeAzureSubscription(SUB, simAzureAccess(sim));
    expect(r).toMatchObject({
      ok: true,
      answer: `subscription 'Ringside simulated subscription' (Enabled) at ${sim.endpoint}`,
    });
  });

  it('says why it does not answer, in one line with ARM words', async () => {
    const access = simAzureAccess(sim);
    expect((await probeAzureSubscription(SUB, access)).ok).toBe(true);
    sim.setFault({ kind: 'expired-token' });
    const r = await probeAzureSubscription(SUB, access);
    sim.setFault(null);
    expect(r.ok ? '' : r.error).toMatch(
      /^subscription 6f1c2d3e-\S+ at https:\/\/127\.0\.0\.1:\d+: Azure Resource Manager said HTTP 401 ExpiredAuthenticationToken: The access token expiry .*az login/,
    );
    const other = await probeAzureSubscription(
      '99999999-9999-4999-8999-999999999999',
      simAzureAccess(sim), // a fresh credential: the old one holds the expired token
    );
    expect(other.ok ? '' : other.error).toContain('SubscriptionNotFound');
  });

  it('tests only accounts the open plan names', async () => {
    const doc = documentWith([{ azure: { subscription: SUB, resourceGroups: ['rg-a'] } }]);
    const r = await testCloudAccount(
      { cloud: 'azure', account: '99999999-9999-4999-8999-999999999999' },
      doc,
      {},
    );
    expect(r).toEqual({
      ok: false,
      error:
        "azure account 99999999-9999-4999-8999-999999999999: expected an account the open plan's inventories name",
    });
  });
});
