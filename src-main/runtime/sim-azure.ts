/**
 * The simulated Azure behind `ringside run --sim` with an Azure inventory: each azure entry
 * gets a simulated subscription with its id and resource groups (VMs over 5 update domains
 * and 3 fault domains, every VM carrying the entry's tags), served over HTTPS on 127.0.0.1.
 * The inventory reads it with the real SDK clients and a real `ClientSecretCredential`
 * against the simulated Entra ID, trusting the simulator's CA in this process only.
 */
import type { TokenCredential } from '@azure/identity';
import type { AzureAccess, AzureConnect } from '../adapters/cloud-azure';
import type { AzureInventoryDoc } from '../core/plan/schema-azure';
import { simulatedSubscription, startSimAzure, type SimAzure } from '../sim/cloud-azure';

/** The access a process gets to a running simulated Azure, trusting its CA in process. */
export function simAzureAccess(sim: SimAzure): AzureAccess {
  const tlsOptions = { ca: sim.caPem };
  return {
    endpoint: sim.endpoint,
    chain: 'ClientSecretCredential of the simulated Azure',
    tlsCa: sim.caPem,
    credential: lazyCredential(
      async () =>
        new (await import('@azure/identity')).ClientSecretCredential(
          sim.app.tenantId,
          sim.app.clientId,
          sim.app.clientSecret,
          {
            authorityHost: sim.endpoint,
            disableInstanceDiscovery: true,
            tlsOptions,
          },
        ),
    ),
  };
}

/** A credential made on its first token request (@azure/identity loads only then). */
function lazyCredential(make: () => Promise<TokenCredential>): TokenCredential {
  let made: Promise<TokenCredential> | null = null;
  return {
    getToken: async (scopes, options) => {
      made ??= make();
      return (await made).getToken(scopes, options);
    },
  };
}

/** Simulated Azures started on demand, one per inventory entry; `stop` ends them all. */
export interface SimAzureClouds {
  readonly connect: AzureConnect;
  /** The plan loader's cloud access, Azure through {@link connect}. */
  readonly access: { readonly azure: AzureConnect };
  readonly started: readonly SimAzure[];
  stop(): Promise<void>;
}

/** Starts a simulated subscription for each Azure inventory entry it is asked about. */
export function simAzureClouds(
  options: { vmsPerGroup?: number; scaleSetInstances?: number } = {},
): SimAzureClouds {
  const started: SimAzure[] = [];
  const connect = async (entry: AzureInventoryDoc): Promise<AzureAccess> => {
    const tags = Object.fromEntries(
      Object.entries(entry.tags ?? {}).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : (v[0] ?? ''),
      ]),
    );
    const sim = await startSimAzure({
      subscription: simulatedSubscription({
        subscription: entry.subscription,
        resourceGroups: entry.resourceGroups,
        tags,
        ...options,
      }),
    });
    started.push(sim);
    return simAzureAccess(sim);
  };
  return {
    started,
    connect,
    access: { azure: connect },
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
