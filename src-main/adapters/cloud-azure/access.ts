/**
 * How Ringside reaches an Azure account: Azure Resource Manager's endpoint and a token
 * credential from @azure/identity's default chain. Ringside never stores the credential or
 * the tokens it yields; they live in this process only.
 */
import type { TokenCredential } from '@azure/identity';
import type { AzureInventoryDoc } from '../../core/plan/schema-azure';

/** Public Azure's Resource Manager. */
export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/**
 * Environment variable that points Ringside at another Resource Manager: a sovereign or
 * private cloud (Azure Stack Hub), or the simulated Azure of `ringside sim --cloud azure`.
 */
export const ARM_ENDPOINT_ENV = 'RINGSIDE_AZURE_ARM_ENDPOINT';

/** An Azure account as the inventory calls it. */
export interface AzureAccess {
  /** The ARM endpoint, `https://...` without a trailing slash. */
  readonly endpoint: string;
  readonly credential: TokenCredential;
  /** Words naming the credential chain, for messages ("DefaultAzureCredential (...)"). */
  readonly chain: string;
  /** Extra CA certificate (PEM) the HTTPS client trusts, for a simulator in this process. */
  readonly tlsCa?: string;
}

/** Gives the access for one inventory entry (the simulator makes one per entry). */
export type AzureConnect = (entry: AzureInventoryDoc) => Promise<AzureAccess>;

const DEFAULT_CHAIN =
  'DefaultAzureCredential (environment AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell)';

/**
 * The access a real account uses: the default credential chain and public ARM, or the ARM of
 * `RINGSIDE_AZURE_ARM_ENDPOINT`. Such an endpoint's authority (AZURE_AUTHORITY_HOST) is not
 * known to Entra's instance discovery, so discovery is off there, as Azure Stack needs.
 */
export function azureAccessFromEnvironment(env: NodeJS.ProcessEnv): AzureAccess {
  const override = env[ARM_ENDPOINT_ENV]?.trim();
  const endpoint = (override || PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
  let credential: TokenCredential | undefined;
  return {
    endpoint,
    chain: DEFAULT_CHAIN,
    // Made on first use, and @azure/identity loaded then (~0.4 s): a plan without an Azure
    // inventory, and every other CLI verb, never pays for it.
    credential: {
      getToken: async (scopes, options) => {
        if (credential === undefined) {
          const { DefaultAzureCredential } = await import('@azure/identity');
          credential = new DefaultAzureCredential(
            override ? { disableInstanceDiscovery: true } : {},
          );
        }
        return credential.getToken(scopes, options);
      },
    },
  };
}
