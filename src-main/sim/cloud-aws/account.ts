/**
 * The simulated AWS account: EC2 instances across regions and availability zones, with
 * tags, each standing for one simulated host. Deterministic: the same count and seed give
 * the same instance ids, zones, tags and addresses.
 */
import { createHash } from 'node:crypto';

export type InstanceStateName =
  'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** EC2's state codes (the low byte of `instanceState.code`). */
export const stateCodes: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** One EC2 instance as DescribeInstances returns it. */
export interface SimInstance {
  readonly instanceId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly state: InstanceStateName;
  readonly instanceType: string;
  readonly imageId: string;
  readonly privateIpAddress: string;
  readonly publicIpAddress?: string;
  readonly privateDnsName: string;
  readonly publicDnsName: string;
  readonly launchTime: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Regions the simulated account answers for; a signature scoped elsewhere is refused. */
export const SIM_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-southeast-2',
] as const;

/** Options of {@link simAccountInstances}. */
export interface SimAccountOptions {
  /** Running instances to create (default 12). */
  readonly count?: number;
  /** Regions to spread them over, round-robin (default us-east-1 and eu-west-1). */
  readonly regions?: readonly string[];
  /** Address of instance i (default 127.1.X.Y, as the per-host sim fleet lays them out). */
  readonly address?: (i: number) => string;
  /** Extra stopped instances per region, which a `instance-state-name` filter leaves out. Default 1. */
  readonly stoppedPerRegion?: number;
  readonly seed?: number;
}

function hex(seed: number, i: number, len: number): string {
  return createHash('sha256').update(`ringside-sim-aws:${seed}:${i}`).digest('hex').slice(0, len);
}

/** The per-host loopback address the sim fleet gives host i (127.1.0.1, 127.1.0.2, ...). */
export function loopbackAddress(i: number): string {
  return `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

const TIERS = ['web', 'api', 'worker'] as const;
const TYPES = ['t3.medium', 'm6i.large', 'c6i.xlarge'] as const;

/**
 * `count` running instances round-robin over `regions` and, inside each region, over zones
 * a, b, c; tags Name (`web-0001`...), app=shop, env=prod, tier and the Auto Scaling group tag
 * `aws:autoscaling:groupName` = `shop-TIER-REGION`; plus `stoppedPerRegion` stopped ones.
 */
export function simAccountInstances(opts: SimAccountOptions = {}): SimInstance[] {
  const count = opts.count ?? 12;
  const regions = opts.regions ?? ['us-east-1', 'eu-west-1'];
  const seed = opts.seed ?? 1;
  const address = opts.address ?? loopbackAddress;
  const width = Math.max(4, String(count).length);
  const out: SimInstance[] = [];
  const make = (i: number, n: number, state: InstanceStateName): SimInstance => {
    const region = regions[i % regions.length] ?? 'us-east-1';
    const zone = ['a', 'b', 'c'][Math.floor(i / regions.length) % 3] ?? 'a';
    const tier = TIERS[i % TIERS.length] ?? 'web';
    const ip = state === 'running' ? address(n) : `127.9.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    const dashed = ip.replace(/\./g, '-');
    return {
      instanceId: `i-0${hex(seed, n, 16)}`,
      region,
      availabilityZone: `${region}${zone}`,
      state,
      instanceType: TYPES[i % TYPES.length] ?? 't3.medium',
      imageId: `ami-0${hex(seed + 7, n % 3, 16)}`,
      privateIpAddress: ip,
      ...(state === 'running' ? { publicIpAddress: ip } : {}),
      privateDnsName: `ip-${dashed}.${region}.compute.internal`,
      publicDnsName: state === 'running' ? `ec2-${dashed}.${region}.compute.amazonaws.com` : '',
      launchTime: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
      tags: {
        Name: `${state === 'running' ? tier : 'old'}-${String(n + 1).padStart(width, '0')}`,
        app: 'shop',
        env: 'prod',
        tier,
        'aws:autoscaling:groupName': `shop-${tier}-${region}`,
      },
    };
  };
  for (let i = 0; i < count; i++) {
    out.push(make(i, i, 'running'));
  }
  const stopped = opts.stoppedPerRegion ?? 1;
  for (let r = 0; r < regions.length * stopped; r++) {
    out.push(make(r, count + r, 'stopped'));
  }
  return out;
}
