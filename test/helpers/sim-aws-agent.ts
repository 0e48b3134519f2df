/**
 * A simulated AWS account whose SSM agent is the simulated fleet: each instance's commands
 * run on its own simulated host (so a command really changes its version). Shared by the
 * SSM executor's tests.
 */
import type { Host } from '../../src-main/core/model/host';
import { execOnSimHost, startSimFleet, type SimFleet } from '../../src-main/sim';
import { startSimAws, type SimAws, type SimInstance } from '../../src-main/sim/cloud-aws';

export interface SimAwsWithAgent {
  readonly fleet: SimFleet;
  readonly aws: SimAws;
  stop(): Promise<void>;
}

/** Starts a simulated host per instance (version 1.0.0) and the account over them. */
export async function startSimAwsWithAgent(
  instances: readonly SimInstance[],
  latencyScale: number,
): Promise<SimAwsWithAgent> {
  const fleet = await startSimFleet({
    hosts: instances.map((i) => ({ name: i.instanceId })),
    latencyScale,
    initialVersion: '1.0.0',
  });
  const aws = await startSimAws({
    instances: [...instances],
    ssmAgent: (id, script, signal) => {
      const h = fleet.host(id);
      return h
        ? execOnSimHost(fleet, h, script, { signal })
        : Promise.reject(new Error(`no simulated host for ${id}`));
    },
  });
  return {
    fleet,
    aws,
    stop: async () => {
      await aws.stop();
      await fleet.stop();
    },
  };
}

/** The inventory host of `instances[i]` in `region`, as an aws inventory labels it. */
export function instanceAsHost(instances: readonly SimInstance[], i: number, region: string): Host {
  const inst = instances[i];
  return {
    name: inst?.instanceId ?? '',
    address: inst?.privateIpAddress ?? '',
    port: 22,
    labels: { 'aws.instanceId': inst?.instanceId ?? '', 'aws.region': region },
  };
}
