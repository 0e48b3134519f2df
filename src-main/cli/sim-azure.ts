/**
 * `ringside sim --cloud azure`: the simulated fleet as an Azure subscription. Its hosts are
 * the subscription's VMs (one resource group: VMs and a scale set over 5 update domains and
 * 3 fault domains), each on its own loopback address, which is its NIC's private IP; the
 * simulated Resource Manager and Entra ID serve them over HTTPS. Prints the environment a
 * shell exports so `ringside hosts`/`run` (or any Azure SDK tool) reach it.
 */
import { startSimFleet, type SimFleet } from '../sim/fleet';
import {
  simulatedSubscription,
  startSimAzure,
  type SimAzure,
  type SimAzureVm,
} from '../sim/cloud-azure';
import { Exit, UsageError, type CliIo } from './args';

/** The simulated subscription `ringside sim --cloud azure` serves. */
export const SIM_SUBSCRIPTION = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const SIM_RESOURCE_GROUP = 'rg-ringside-sim';

export interface SimAzureArgs {
  readonly hosts: number;
  /** First loopback address (hosts take the following ones). */
  readonly address: string;
  /** SSH port of every host. */
  readonly sshPort: number;
  readonly seed: number;
  readonly initialVersion: string;
  readonly latencyScale: number;
  readonly keyFile: string;
}

/** Shell-quoted `export K=V` lines. */
export function exportLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`);
}

/** Serves the simulated Azure subscription until `stopped` resolves. */
export async function runSimAzure(
  a: SimAzureArgs,
  io: CliIo,
  stopped: Promise<unknown>,
): Promise<number> {
  const instances = Math.min(5, Math.floor(a.hosts / 2));
  const planned = simulatedSubscription({
    subscription: SIM_SUBSCRIPTION,
    resourceGroups: [SIM_RESOURCE_GROUP],
    vmsPerGroup: a.hosts - instances,
    scaleSetInstances: instances,
    tags: { app: 'web', env: 'prod' },
  });
  let fleet: SimFleet;
  try {
    fleet = await startSimFleet({
      hosts: planned.vms.map((v) => ({ name: v.name })),
      addressing: 'per-host',
      address: a.address,
      sshPort: a.sshPort,
      seed: a.seed,
      initialVersion: a.initialVersion,
      latencyScale: a.latencyScale,
      keyFile: a.keyFile,
      user: 'azureuser',
    });
  } catch (e) {
    throw new UsageError(`ringside sim: ${e instanceof Error ? e.message : String(e)}`);
  }
  let azure: SimAzure | null = null;
  try {
    // Each VM's NIC holds the address its simulated host listens on.
    const vms: SimAzureVm[] = planned.vms.map((v) => ({
      ...v,
      privateIp: fleet.host(v.name)?.address ?? v.privateIp,
    }));
    azure = await startSimAzure({ subscription: { ...planned, vms } });
    const port = fleet.hosts[0]?.sshPort ?? a.sshPort;
    for (const line of exportLines(azure.env())) {
      io.out(line);
    }
    io.err(
      `ringside sim: simulated Azure at ${azure.endpoint}: subscription ${SIM_SUBSCRIPTION}, resource group ${SIM_RESOURCE_GROUP}, ` +
        `${a.hosts} VMs (${instances} in scale set ${SIM_RESOURCE_GROUP}-vmss) over 5 update domains and 3 fault domains; ` +
        `SSH on port ${port} of each VM's private IP as azureuser (key ${fleet.clientKey.path}); export the lines above; Ctrl-C to stop`,
    );
    await stopped;
  } finally {
    await azure?.stop();
    await fleet.stop();
  }
  return Exit.ok;
}
