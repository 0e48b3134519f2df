/**
 * `ringside sim --cloud aws`: the simulated fleet as EC2 instances of a simulated AWS
 * account. Each instance is one simulated SSH host on its own loopback address (per-host
 * addressing, one SSH port for all, as real instances share port 22), and DescribeInstances
 * answers with those addresses. Prints the environment another tool exports to reach it
 * through the SDK's own settings (AWS_ENDPOINT_URL, test keys, AWS_REGION).
 */
import { execOnSimHost, startSimFleet, type SimFleet, type SimFleetOptions } from '../sim';
import { writeInventory, type InventoryPaths } from '../sim/inventory-files';
import { simAccountInstances, startSimAws, type SimAws } from '../sim/cloud-aws';
import { UsageError, type CliIo } from './args';

/** Regions the `--cloud aws` account spreads its instances over. */
export const SIM_CLOUD_REGIONS = ['us-east-1', 'eu-west-1'] as const;

export interface SimCloudAwsOptions {
  readonly hosts: number;
  /** SSH port of every instance; 0 means 2222. */
  readonly sshPort: number;
  readonly address: string;
  readonly paths: InventoryPaths;
  readonly fleet: Omit<
    SimFleetOptions,
    'hosts' | 'addressing' | 'address' | 'sshPort' | 'basePort' | 'keyFile'
  >;
}

/** Shell-quoted `export K='V'` lines. */
export function exportLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`);
}

/** Starts the account and its hosts, prints the exports, serves until `stopped`. */
export async function runSimCloudAws(
  o: SimCloudAwsOptions,
  io: CliIo,
  stopped: Promise<unknown>,
): Promise<void> {
  const regions = [...SIM_CLOUD_REGIONS];
  const named = simAccountInstances({ count: o.hosts, regions }).slice(0, o.hosts);
  const sshPort = o.sshPort === 0 ? 2222 : o.sshPort;
  let fleet: SimFleet;
  try {
    fleet = await startSimFleet({
      ...o.fleet,
      hosts: named.map((i) => ({
        name: i.instanceId,
        labels: { ...i.tags, 'aws.az': i.availabilityZone },
      })),
      addressing: 'per-host',
      address: o.address,
      sshPort,
      keyFile: o.paths.identity,
    });
  } catch (e) {
    throw new UsageError(`ringside sim: ${e instanceof Error ? e.message : String(e)}`);
  }
  let aws: SimAws | null = null;
  try {
    const instances = simAccountInstances({
      count: o.hosts,
      regions,
      address: (i) => fleet.hosts[i]?.address ?? o.address,
    });
    const agentFleet = fleet;
    aws = await startSimAws({
      instances,
      // Each instance's SSM agent runs Run Command scripts on its own simulated host.
      ssmAgent: (id, script, signal) => {
        const h = agentFleet.host(id);
        return h
          ? execOnSimHost(agentFleet, h, script, { signal })
          : Promise.reject(new Error(`no simulated host for instance ${id}`));
      },
    });
    await writeInventory(fleet, { ...o.paths, json: o.paths.json });
    for (const line of exportLines(aws.env(regions[0]))) {
      io.out(line);
    }
    io.err(
      `ringside sim: ${o.hosts} EC2 instances in ${regions.join(', ')} at ${aws.endpoint} ` +
        `(SigV4 with the exported test keys), each an SSH host on its own loopback address, port ${sshPort} ` +
        `(fleet.defaults.port: ${sshPort}, user ${fleet.user}); client key ${o.paths.identity}, ` +
        `known_hosts ${o.paths.knownHosts}; fault: curl -X PUT ${aws.endpoint}/sim/fault -d '{"kind":"throttle","count":3}'; Ctrl-C to stop`,
    );
    await stopped;
  } finally {
    await aws?.stop();
    await fleet.stop();
  }
}
