/**
 * The dress rehearsal of a `deploy: { via: ssm }` plan: a simulated AWS account whose
 * instances are the plan's hosts (their aws.instanceId, aws.region and aws.az labels),
 * whose SSM agent runs each command on the rehearsal's simulated host, and the real SSM
 * executor pointed at it with the simulator's test keys.
 */
import type { RolloutPlan } from '../core/model/plan';
import { createSsmExecutor } from '../adapters/cloud-aws';
import type { SshExecutor } from '../adapters/ssh';
import { execOnSimHost, type SimFleet } from '../sim';
import { startSimAws, type SimInstance } from '../sim/cloud-aws';

export interface SsmRehearsal {
  readonly executor: SshExecutor;
  /** Commands SSM has accepted so far (each an invocation on one instance). */
  sent(): number;
  stop(): Promise<void>;
}

/**
 * A rehearsal host as the simulated account's instance: its id, region, zone and type from
 * its aws.* labels, its address as the private IP, its Auto Scaling group as the tag AWS sets.
 */
export function rehearsalInstance(h: RolloutPlan['hosts'][number]): SimInstance {
  const region = h.labels['aws.region'] ?? 'us-east-1';
  const asg = h.labels['aws.asg'];
  return {
    instanceId: h.labels['aws.instanceId'] ?? h.name,
    region,
    availabilityZone: h.labels['aws.az'] ?? `${region}a`,
    state: 'running',
    instanceType: h.labels['aws.instanceType'] ?? 't3.medium',
    imageId: 'ami-0rehearsal',
    privateIpAddress: h.address,
    privateDnsName: h.address,
    publicDnsName: '',
    launchTime: new Date(0).toISOString(),
    tags: asg !== undefined ? { 'aws:autoscaling:groupName': asg } : {},
  };
}

/** Starts the simulated Run Command for `plan`'s hosts, served by `fleet`. */
export async function startSsmRehearsal(plan: RolloutPlan, fleet: SimFleet): Promise<SsmRehearsal> {
  const byInstance = new Map(plan.hosts.map((h) => [h.labels['aws.instanceId'] ?? h.name, h.name]));
  const aws = await startSimAws({
    instances: plan.hosts.map(rehearsalInstance),
    ssmAgent: (instanceId, script, signal) => {
      const host = fleet.host(byInstance.get(instanceId) ?? instanceId);
      return host
        ? execOnSimHost(fleet, host, script, { signal })
        : Promise.reject(new Error(`no simulated host for instance ${instanceId}`));
    },
  });
  const executor = createSsmExecutor({
    access: { endpoint: aws.endpoint, credentials: aws.credentials },
    pollMs: { first: 50, max: 500 },
  });
  return {
    executor,
    sent: () => aws.ssm.sent(),
    stop: async () => {
      await executor.close();
      await aws.stop();
    },
  };
}
