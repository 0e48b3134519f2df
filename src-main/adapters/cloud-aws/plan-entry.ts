/** A plan's `fleet.inventories[index]: { aws: ... }` entry read into inventory hosts. */
import type { InventoryHosts, PlanError, SourcePos } from '../../core/plan';
import type { AwsInventoryDoc } from '../../core/plan/schema-aws';
import { discoverAwsHosts, type AwsAccess } from './ec2-inventory';

/**
 * Discovers the entry's instances; every failure is one positioned error at the entry,
 * worded `fleet.inventories[I] (aws, REGION): ...`.
 */
export async function loadAwsInventory(
  planFile: string,
  index: number,
  entry: AwsInventoryDoc,
  pos: SourcePos,
  access: AwsAccess | undefined,
): Promise<{ ok: true; value: InventoryHosts } | { ok: false; errors: PlanError[] }> {
  const found = await discoverAwsHosts(
    entry,
    (region) => `fleet.inventories[${index}] (aws, ${region})`,
    access,
  );
  if (!found.ok) {
    return {
      ok: false,
      errors: found.errors.map((message) => ({ file: planFile, ...pos, message })),
    };
  }
  return {
    ok: true,
    value: {
      index,
      file: planFile,
      hosts: found.hosts.map((h) => ({ name: h.name, address: h.address, labels: h.labels, pos })),
    },
  };
}
