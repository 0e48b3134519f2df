/**
 * The JSON Azure Resource Manager returns for the simulated subscription's resources, in the
 * shapes of the Compute (api-version 2026-03-01, as @azure/arm-compute 24.1.0 asks) and
 * Network REST APIs: VMs with `properties.instanceView` when `$expand=instanceView`, scale
 * sets, scale-set VMs, and NICs whose ip configuration holds the private IP.
 */
import type { SimAzureVm } from './subscription';

type Json = Record<string, unknown>;

const group = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;

/** The resource id of a VM or a scale-set VM. */
export function vmId(sub: string, vm: SimAzureVm): string {
  const base = `${group(sub, vm.resourceGroup)}/providers/Microsoft.Compute`;
  return vm.scaleSet
    ? `${base}/virtualMachineScaleSets/${vm.scaleSet.name}/virtualMachines/${vm.scaleSet.instanceId}`
    : `${base}/virtualMachines/${vm.name}`;
}

/** The resource id of a VM's primary NIC. */
export function nicId(sub: string, vm: SimAzureVm): string {
  return vm.scaleSet
    ? `${vmId(sub, vm)}/networkInterfaces/${vm.scaleSet.name}-nic`
    : `${group(sub, vm.resourceGroup)}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic`;
}

function computerName(vm: SimAzureVm): string {
  // Scale sets name their instances prefix + six base-36 digits, as Azure does.
  return vm.scaleSet
    ? `${vm.scaleSet.name.replace(/[^A-Za-z0-9]/g, '')}${Number(vm.scaleSet.instanceId).toString(36).padStart(6, '0')}`
    : vm.name;
}

function instanceView(vm: SimAzureVm, running: boolean): Json {
  return {
    platformUpdateDomain: vm.updateDomain,
    platformFaultDomain: vm.faultDomain,
    computerName: computerName(vm),
    osName: 'ubuntu',
    osVersion: '22.04',
    statuses: [
      {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
      },
      running
        ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }
        : { code: 'PowerState/stopped', level: 'Info', displayStatus: 'VM stopped' },
    ],
  };
}

/** A VM (or scale-set VM) resource; `expand` adds the instance view as ARM does. */
export function vmResource(sub: string, vm: SimAzureVm, expand: boolean, running: boolean): Json {
  const properties: Json = {
    vmId: `00000000-0000-4000-8000-${String(hash(vm.name)).padStart(12, '0')}`,
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    osProfile: { computerName: computerName(vm), adminUsername: 'azureuser' },
    networkProfile: {
      networkInterfaces: [{ id: nicId(sub, vm), properties: { primary: true } }],
    },
    provisioningState: 'Succeeded',
    ...(vm.scaleSet
      ? { latestModelApplied: true }
      : {
          availabilitySet: {
            id: `${group(sub, vm.resourceGroup)}/providers/Microsoft.Compute/availabilitySets/${vm.resourceGroup}-avset`,
          },
        }),
    ...(expand ? { instanceView: instanceView(vm, running) } : {}),
  };
  return {
    id: vmId(sub, vm),
    name: vm.name,
    type: vm.scaleSet
      ? 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines'
      : 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    tags: { ...vm.tags },
    ...(vm.zone !== undefined ? { zones: [vm.zone] } : {}),
    ...(vm.scaleSet ? { instanceId: vm.scaleSet.instanceId } : {}),
    properties,
  };
}

/** A scale set resource (the parts a reader of its instances needs). */
export function scaleSetResource(
  sub: string,
  rg: string,
  name: string,
  members: readonly SimAzureVm[],
): Json {
  const location = members[0]?.location ?? 'westeurope';
  return {
    id: `${group(sub, rg)}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location,
    sku: { name: 'Standard_D2s_v5', tier: 'Standard', capacity: members.length },
    properties: {
      orchestrationMode: 'Uniform',
      platformFaultDomainCount: 3,
      upgradePolicy: { mode: 'Manual' },
      provisioningState: 'Succeeded',
    },
  };
}

/** A NIC resource with one primary ip configuration. */
export function nicResource(sub: string, vm: SimAzureVm): Json {
  const id = nicId(sub, vm);
  return {
    id,
    name: id.slice(id.lastIndexOf('/') + 1),
    type: 'Microsoft.Network/networkInterfaces',
    location: vm.location,
    properties: {
      provisioningState: 'Succeeded',
      primary: true,
      virtualMachine: { id: vmId(sub, vm) },
      ipConfigurations: [
        {
          id: `${id}/ipConfigurations/ipconfig1`,
          name: 'ipconfig1',
          properties: {
            privateIPAddress: vm.privateIp,
            privateIPAllocationMethod: 'Dynamic',
            privateIPAddressVersion: 'IPv4',
            primary: true,
          },
        },
      ],
    },
  };
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) {
    h = (Math.imul(h, 31) + (c.codePointAt(0) ?? 0)) >>> 0;
  }
  return h;
}
