/**
 * The simulated Azure subscription: virtual machines and scale-set instances with the
 * placement Azure gives them (location, zone, platform update and fault domain), their tags
 * and the private IP of their primary NIC. Each one is a host of the simulated fleet under
 * the same name.
 */

/** One VM, or one instance of a scale set, as the simulated ARM serves it. */
export interface SimAzureVm {
  /** Resource name: `web-01`, or `{scaleSet}_{instanceId}` for a scale-set instance. */
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** Availability zone ('1', '2', '3'), or undefined for a regional VM. */
  readonly zone?: string;
  readonly updateDomain: number;
  readonly faultDomain: number;
  readonly tags: Readonly<Record<string, string>>;
  /** The primary NIC's private IP (the address Ringside reaches the VM at). */
  readonly privateIp: string;
  /** The scale set this is an instance of, with its instance id. */
  readonly scaleSet?: { readonly name: string; readonly instanceId: string };
}

/** A simulated subscription: its id and resource groups (an empty group is still a group). */
export interface SimAzureSubscription {
  readonly id: string;
  readonly resourceGroups: readonly string[];
  readonly vms: readonly SimAzureVm[];
}

/** What {@link simulatedSubscription} builds. */
export interface SubscriptionSpec {
  readonly subscription: string;
  readonly resourceGroups: readonly string[];
  /** Tags every VM carries (so a plan's tag filter finds them). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Stand-alone VMs per resource group (default 10). */
  readonly vmsPerGroup?: number;
  /** Instances of the one scale set each resource group holds (default 5; 0 = none). */
  readonly scaleSetInstances?: number;
  /** Location of every group (default: westeurope, northeurope, eastus2 by group). */
  readonly location?: string;
}

/** Azure's defaults for an availability set: 5 update domains, 3 fault domains (max 20 / 3). */
export const UPDATE_DOMAINS = 5;
export const FAULT_DOMAINS = 3;

const TIERS = ['web', 'api', 'worker'] as const;
const LOCATIONS = ['westeurope', 'northeurope', 'eastus2'] as const;

/**
 * A deterministic subscription: in each resource group `vmsPerGroup` VMs `{group}-vm-01`...
 * placed round-robin over 5 update domains and 3 fault domains and zones 1-3, plus one scale
 * set `{group}-vmss` whose instances are placed the same way. Every VM carries `spec.tags`
 * and a `tier` tag (web, api, worker round-robin) unless `spec.tags` sets one.
 */
export function simulatedSubscription(spec: SubscriptionSpec): SimAzureSubscription {
  const perGroup = spec.vmsPerGroup ?? 10;
  const instances = spec.scaleSetInstances ?? 5;
  const vms: SimAzureVm[] = [];
  spec.resourceGroups.forEach((group, g) => {
    const location = spec.location ?? LOCATIONS[g % LOCATIONS.length] ?? 'westeurope';
    const place = (i: number) => ({
      updateDomain: i % UPDATE_DOMAINS,
      faultDomain: i % FAULT_DOMAINS,
      zone: String((i % 3) + 1),
      tags: { tier: TIERS[i % TIERS.length] ?? 'web', ...spec.tags },
      privateIp: `10.${g % 256}.${Math.floor(i / 250)}.${(i % 250) + 4}`,
    });
    for (let i = 0; i < perGroup; i++) {
      vms.push({
        name: `${group}-vm-${String(i + 1).padStart(2, '0')}`,
        resourceGroup: group,
        location,
        ...place(i),
      });
    }
    for (let i = 0; i < instances; i++) {
      const scaleSet = `${group}-vmss`;
      vms.push({
        name: `${scaleSet}_${i}`,
        resourceGroup: group,
        location,
        ...place(perGroup + i),
        scaleSet: { name: scaleSet, instanceId: String(i) },
      });
    }
  });
  return { id: spec.subscription, resourceGroups: [...spec.resourceGroups], vms };
}
