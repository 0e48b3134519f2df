/**
 * Inventories read from a cloud's API instead of a file (`fleet.inventories[i].azure`).
 * Each failure is one positioned line naming the entry, e.g.
 * `fleet.inventories[1] (azure, rg-web): Azure Resource Manager said ...`.
 */
import type { InventoryDoc } from '../../core/plan/schema-fleet';
import type { InventoryHosts, PlanError, Result } from '../../core/plan';
import { fail, ok } from '../../core/plan/errors';
import type { Locate } from '../../core/plan/positions';
import { azureAccessFromEnvironment, azureInventoryHosts, type AzureConnect } from '../cloud-azure';

/** How cloud inventories are reached; absent members use the environment's default chain. */
export interface CloudAccess {
  /** The Azure account for an entry (the simulator gives its own; default: the environment). */
  readonly azure?: AzureConnect;
}

/** Reads one cloud inventory entry of `planFile` into hosts. */
export async function loadCloudInventory(
  entry: InventoryDoc,
  index: number,
  planFile: string,
  locate: Locate,
  clouds: CloudAccess | undefined,
): Promise<Result<InventoryHosts, PlanError>> {
  if (entry.azure === undefined) {
    const p = locate(['fleet', 'inventories', index]);
    return fail({ file: planFile, ...p, message: 'expected path or azure' });
  }
  const azure = entry.azure;
  const pos = locate(['fleet', 'inventories', index, 'azure']);
  const access = clouds?.azure
    ? await clouds.azure(azure)
    : azureAccessFromEnvironment(process.env);
  const hosts = await azureInventoryHosts(azure, access, pos);
  if (!hosts.ok) {
    const where = hosts.error.group ?? azure.resourceGroups.join(', ');
    const message = `fleet.inventories[${index}] (azure, ${where}): ${hosts.error.line}`;
    return fail({ file: planFile, ...pos, message });
  }
  return ok({ index, file: planFile, hosts: hosts.value });
}
