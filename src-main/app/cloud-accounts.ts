/**
 * The Connections view's cloud accounts: each Azure subscription the workspace's
 * inventories read, with the resource groups, and the "does it answer" check. Only
 * accounts the plan names can be tested (the console is no probe for arbitrary accounts).
 */
import { azureAccessFromEnvironment, probeAzureSubscription } from '../adapters/cloud-azure';
import type { CloudAccountTest, ConnectionsView } from '../core/contract';
import type { PlanDocument } from '../core/plan';

type CloudAccountView = ConnectionsView['cloudAccounts'][number];

/** The cloud accounts of a plan document, one per subscription (groups merged). */
export function cloudAccountsOf(document: PlanDocument | null): CloudAccountView[] {
  const bySub = new Map<string, Set<string>>();
  for (const inv of document?.fleet.inventories ?? []) {
    if (inv.azure !== undefined) {
      const groups = bySub.get(inv.azure.subscription) ?? new Set<string>();
      inv.azure.resourceGroups.forEach((g) => groups.add(g));
      bySub.set(inv.azure.subscription, groups);
    }
  }
  return [...bySub].map(([account, groups]) => ({
    cloud: 'azure',
    account,
    scope: [...groups],
  }));
}

/** Asks the account whether it answers, with the environment's credential chain. */
export async function testCloudAccount(
  p: { readonly cloud: 'azure'; readonly account: string },
  document: PlanDocument | null,
  env: NodeJS.ProcessEnv,
): Promise<CloudAccountTest> {
  if (!cloudAccountsOf(document).some((a) => a.cloud === p.cloud && a.account === p.account)) {
    return {
      ok: false,
      error: `${p.cloud} account ${p.account}: expected an account the open plan's inventories name`,
    };
  }
  return probeAzureSubscription(p.account, azureAccessFromEnvironment(env));
}
