/**
 * Reads an Azure inventory through Azure Resource Manager with the official SDK: per
 * resource group the VMs (`virtualMachines.list` with `$expand=instanceView`, every
 * `nextLink` page), the scale sets and their instances (`virtualMachineScaleSetVMs.list`,
 * with instance view), and the NICs that hold their private IPs (Microsoft.Network, through
 * the same authenticated pipeline). Throttling (429 Retry-After) is retried by the SDK.
 */
// The compute clients load when an inventory asks Azure, not with the CLI (~20 MB of RSS).
import type { VirtualMachine } from '@azure/arm-compute';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { AzureInventoryDoc } from '../../core/plan/schema-azure';
import type { AzureAccess } from './access';
import { matchesTags } from './tags';

/** One VM or scale-set instance, as the inventory turns it into a host. */
export interface AzureVmRecord {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly zone?: string;
  readonly updateDomain?: number;
  readonly faultDomain?: number;
  readonly powerState?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly scaleSet?: string;
  /** The primary NIC's resource id (lower case), to find its private IP. */
  readonly nic?: string;
}

/** The network API version of NIC lists (resource-group NICs; scale-set NICs need 2018-10-01). */
const NETWORK_API = '2024-05-01';
const SCALE_SET_NIC_API = '2018-10-01';

interface Nic {
  readonly id?: string;
  readonly properties?: {
    readonly ipConfigurations?: readonly {
      readonly properties?: { readonly privateIPAddress?: string; readonly primary?: boolean };
    }[];
  };
}

type VmLike = Pick<VirtualMachine, 'name' | 'location' | 'tags' | 'zones' | 'networkProfile'> & {
  readonly instanceView?: {
    readonly platformUpdateDomain?: number;
    readonly platformFaultDomain?: number;
    readonly statuses?: readonly { readonly code?: string }[];
  };
};

function record(vm: VmLike, resourceGroup: string, scaleSet?: string): AzureVmRecord {
  const nics = vm.networkProfile?.networkInterfaces ?? [];
  const nic = nics.find((n) => n.primary === true) ?? nics[0];
  const power = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'));
  const view = vm.instanceView;
  return {
    name: vm.name ?? '',
    resourceGroup,
    location: vm.location ?? '',
    tags: { ...vm.tags },
    ...(vm.zones?.[0] !== undefined ? { zone: vm.zones[0] } : {}),
    ...(view?.platformUpdateDomain !== undefined
      ? { updateDomain: view.platformUpdateDomain }
      : {}),
    ...(view?.platformFaultDomain !== undefined ? { faultDomain: view.platformFaultDomain } : {}),
    ...(power?.code !== undefined ? { powerState: power.code.slice('PowerState/'.length) } : {}),
    ...(scaleSet !== undefined ? { scaleSet } : {}),
    ...(nic?.id !== undefined ? { nic: nic.id.toLowerCase() } : {}),
  };
}

function primaryIp(nic: Nic): string | undefined {
  const configs = nic.properties?.ipConfigurations ?? [];
  const c = configs.find((x) => x.properties?.primary === true) ?? configs[0];
  return c?.properties?.privateIPAddress;
}

/** What {@link discoverAzureVms} found: records and the private IP of each NIC id. */
export interface AzureDiscovery {
  readonly vms: readonly AzureVmRecord[];
  readonly privateIps: ReadonlyMap<string, string>;
}

/**
 * Every VM and scale-set instance of the entry's resource groups whose tags match, with
 * the NICs' private IPs. Throws the SDK's errors (RestError, credential errors) for the
 * caller to put in words.
 */
export async function discoverAzureVms(
  entry: AzureInventoryDoc,
  access: AzureAccess,
): Promise<AzureDiscovery> {
  const tls = access.tlsCa !== undefined ? { tlsOptions: { ca: access.tlsCa } } : {};
  const bodies = errorBodies();
  // The user agent names Ringside in the account's activity log.
  const options = {
    endpoint: access.endpoint,
    ...tls,
    additionalPolicies: [bodies.policy],
    userAgentOptions: { userAgentPrefix: 'ringside' },
  };
  const [{ ComputeManagementClient }, { createComputeManagement }] = await Promise.all([
    import('@azure/arm-compute'),
    import('@azure/arm-compute/api'),
  ]);
  const compute = new ComputeManagementClient(access.credential, entry.subscription, options);
  const raw = createComputeManagement(access.credential, entry.subscription, options);
  const nics = async (path: string, apiVersion: string): Promise<Nic[]> => {
    const out: Nic[] = [];
    let url: string | undefined = `${path}?api-version=${apiVersion}`;
    while (url !== undefined) {
      const res = await raw.pathUnchecked(url).get();
      if (res.status !== '200') {
        throw armFailure(Number(res.status), res.body);
      }
      const body = res.body as { value?: Nic[]; nextLink?: string | null };
      out.push(...(body.value ?? []));
      url = body.nextLink ?? undefined;
    }
    return out;
  };
  const sub = `/subscriptions/${entry.subscription}`;
  const perGroup = await Promise.all(
    entry.resourceGroups.map((rg) =>
      readGroup(rg).catch((e: unknown) => {
        throw new AzureGroupFailure(rg, bodies.withBody(e));
      }),
    ),
  );
  async function readGroup(rg: string) {
    const group = `${sub}/resourceGroups/${encodeURIComponent(rg)}`;
    const vms: AzureVmRecord[] = [];
    for await (const vm of compute.virtualMachines.list(rg, { expand: 'instanceView' })) {
      vms.push(record(vm, rg));
    }
    const found = [
      ...(await nics(`${group}/providers/Microsoft.Network/networkInterfaces`, NETWORK_API)),
    ];
    for await (const set of compute.virtualMachineScaleSets.list(rg)) {
      const name = set.name ?? '';
      for await (const vm of compute.virtualMachineScaleSetVMs.list(rg, name, {
        expand: 'instanceView',
      })) {
        vms.push(record(vm, rg, name));
      }
      const setPath = `${group}/providers/Microsoft.Compute/virtualMachineScaleSets/${encodeURIComponent(name)}/networkInterfaces`;
      found.push(...(await nics(setPath, SCALE_SET_NIC_API)));
    }
    return { vms, nics: found };
  }
  const privateIps = new Map<string, string>();
  for (const n of perGroup.flatMap((g) => g.nics)) {
    const ip = primaryIp(n);
    if (n.id !== undefined && ip !== undefined) {
      privateIps.set(n.id.toLowerCase(), ip);
    }
  }
  const vms = perGroup.flatMap((g) => g.vms).filter((v) => matchesTags(v.tags, entry.tags));
  return { vms, privateIps };
}

/**
 * The SDK's pager drops ARM's error body ("Pagination failed with unexpected statusCode
 * 404"); this per-call policy keeps the body of each failed answer so the error line can
 * quote ARM's own code and message.
 */
function errorBodies() {
  const byRequest = new WeakMap<object, string>();
  const policy: { policy: PipelinePolicy; position: 'perCall' } = {
    position: 'perCall',
    policy: {
      name: 'ringsideArmErrorBody',
      sendRequest: async (request, next) => {
        const response = await next(request);
        if (response.status >= 400 && typeof response.bodyAsText === 'string') {
          byRequest.set(request, response.bodyAsText);
        }
        return response;
      },
    },
  };
  return {
    policy,
    withBody(e: unknown): unknown {
      const req = (e as { request?: object } | null)?.request;
      const text = req !== undefined ? byRequest.get(req) : undefined;
      if (text === undefined || typeof e !== 'object' || e === null) {
        return e;
      }
      return Object.assign(e, { response: { bodyAsText: text } });
    },
  };
}

/** A failure while reading one resource group (the inventory's line names the group). */
export class AzureGroupFailure extends Error {
  constructor(
    readonly resourceGroup: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AzureGroupFailure';
  }
}

/** An ARM error answer from a raw call, shaped like the SDK's RestError. */
export class ArmFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArmFailure';
  }
}

function armFailure(status: number, body: unknown): ArmFailure {
  const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ArmFailure(status, e?.code ?? `HTTP${status}`, e?.message ?? `HTTP ${status}`);
}
