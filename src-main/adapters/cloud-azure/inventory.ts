/**
 * An Azure inventory entry as hosts: each VM and scale-set instance, reached over SSH at
 * its primary NIC's private IP, labelled with where Azure placed it (`azure.location`,
 * `azure.zone`, `azure.updateDomain`, `azure.faultDomain` from the instance view,
 * `azure.resourceGroup`, `azure.vmss`, `azure.subscription`, `azure.powerState`) and its
 * tags, so `domains: { byLabel: azure.updateDomain }` walks Azure's own update domains.
 */
import type { InventoryHost, SourcePos } from '../../core/plan';
import { fail, ok, type Result } from '../../core/plan/errors';
import type { AzureInventoryDoc } from '../../core/plan/schema-azure';
import type { AzureAccess } from './access';
import { describeAzureFailure, isCredentialFailure } from './describe-failure';
import { AzureGroupFailure, discoverAzureVms, type AzureVmRecord } from './discover';

/** The labels Ringside gives an Azure VM (tags keep their own names beside them). */
export function azureLabels(subscription: string, vm: AzureVmRecord): Record<string, string> {
  const labels: Record<string, string> = {
    ...vm.tags,
    'azure.subscription': subscription,
    'azure.resourceGroup': vm.resourceGroup,
    'azure.location': vm.location,
  };
  const put = (k: string, v: string | number | undefined) => {
    if (v !== undefined) {
      labels[k] = String(v);
    }
  };
  put('azure.zone', vm.zone);
  put('azure.updateDomain', vm.updateDomain);
  put('azure.faultDomain', vm.faultDomain);
  put('azure.vmss', vm.scaleSet);
  put('azure.powerState', vm.powerState);
  return labels;
}

/**
 * Reads the entry's VMs into hosts, or one line saying what failed and in which resource
 * group (without the entry's name: the caller prefixes it).
 */
export async function azureInventoryHosts(
  entry: AzureInventoryDoc,
  access: AzureAccess,
  pos: SourcePos,
): Promise<Result<InventoryHost[], { readonly group?: string; readonly line: string }>> {
  let found;
  try {
    found = await discoverAzureVms(entry, access);
  } catch (e) {
    return e instanceof AzureGroupFailure && !isCredentialFailure(e.cause)
      ? fail({ group: e.resourceGroup, line: describeAzureFailure(e.cause, access.chain) })
      : fail({
          line: describeAzureFailure(e instanceof AzureGroupFailure ? e.cause : e, access.chain),
        });
  }
  const hosts: InventoryHost[] = [];
  for (const vm of found.vms) {
    const address = vm.nic !== undefined ? found.privateIps.get(vm.nic) : undefined;
    if (address === undefined) {
      return fail({
        group: vm.resourceGroup,
        line: `VM '${vm.name}' has no private IP on its primary network interface${vm.nic ? ` ${vm.nic}` : ''}`,
      });
    }
    hosts.push({ name: vm.name, address, labels: azureLabels(entry.subscription, vm), pos });
  }
  return ok(hosts);
}
