/**
 * The Connections view's cloud accounts: each Azure subscription the workspace's
 * inventories read, with the resource groups, and each AWS profile (or the SDK's default
 * chain), with the regions; and the "does it answer" check. Only accounts the plan names can
 * be tested (the console is no probe for arbitrary accounts).
 */
import { probeAwsAccount } from '../adapters/cloud-aws';
import { azureAccessFromEnvironment, probeAzureSubscription } from '../adapters/cloud-azure';
import type { CloudAccountTest, ConnectionsView } from '../core/contract';
import type { PlanDocument } from '../core/plan';

type CloudAccountView = ConnectionsView['cloudAccounts'][number];

/** How an AWS entry without a profile is listed: the SDK's default credential chain. */
export const AWS_DEFAULT_CHAIN = 'default chain';

/** The cloud accounts of a plan document, one per subscription or profile (scopes merged). */
export function cloudAccountsOf(document: PlanDocument | null): CloudAccountView[] {
  const accounts = new Map<
    string,
    { cloud: 'azure' | 'aws'; account: string; scope: Set<string> }
  >();
  const add = (cloud: 'azure' | 'aws', account: string, scope: readonly string[]): void => {
    const key = `${cloud}\n${account}`;
    const a = accounts.get(key) ?? { cloud, account, scope: new Set<string>() };
    scope.forEach((x) => a.scope.add(x));
    accounts.set(key, a);
  };
  for (const inv of document?.fleet.inventories ?? []) {
    if (inv.azure !== undefined) {
      add('azure', inv.azure.subscription, inv.azure.resourceGroups);
    }
    if (inv.aws !== undefined) {
      add('aws', inv.aws.profile ?? AWS_DEFAULT_CHAIN, inv.aws.regions);
    }
  }
  return [...accounts.values()].map((a) => ({
    cloud: a.cloud,
    account: a.account,
    scope: [...a.scope],
  }));
}

/**
 * Asks the account whether it answers, with the environment's credential chain: Azure's
 * from `env`, AWS's the SDK's own (the profile, or its default chain and AWS_ENDPOINT_URL),
 * in the first region the plan reads there.
 */
export async function testCloudAccount(
  p: { readonly cloud: 'azure' | 'aws'; readonly account: string },
  document: PlanDocument | null,
  env: NodeJS.ProcessEnv,
): Promise<CloudAccountTest> {
  const named = cloudAccountsOf(document).find(
    (a) => a.cloud === p.cloud && a.account === p.account,
  );
  if (!named) {
    return {
      ok: false,
      error: `${p.cloud} account ${p.account}: expected an account the open plan's inventories name`,
    };
  }
  if (p.cloud === 'aws') {
    const profile = p.account === AWS_DEFAULT_CHAIN ? undefined : p.account;
    return probeAwsAccount(profile, named.scope[0] ?? 'us-east-1');
  }
  return probeAzureSubscription(p.account, azureAccessFromEnvironment(env));
}
