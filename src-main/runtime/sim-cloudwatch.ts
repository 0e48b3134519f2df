/**
 * CloudWatch for the dress rehearsal of a plan on AWS hosts: a simulated account whose
 * instances are the plan's hosts (their aws.instanceId, aws.region, aws.az and aws.asg
 * labels) and whose metrics are the rehearsal's simulated hosts' own request counters, so
 * the alarms (sim/cloud-aws/cloudwatch-alarms.ts: one 5xx alarm per Auto Scaling group)
 * fire when a "-bad" release reaches a host. The monitor reads it with the real SDK client
 * through `access`.
 */
import type { RolloutPlan } from '../core/model/plan';
import type { AwsAccess } from '../adapters/cloud-aws';
import type { SimFleet } from '../sim';
import { startSimAws } from '../sim/cloud-aws';
import { rehearsalInstance } from './sim-ssm';

export interface CloudWatchRehearsal {
  readonly access: AwsAccess;
  stop(): Promise<void>;
}

/** True when the plan reads CloudWatch (an alarm gate or a cloudwatch source). */
export function plansCloudWatch(doc: {
  readonly gates?: readonly { kind: string }[];
  readonly telemetry?: { readonly sources?: readonly { kind: string }[] };
}): boolean {
  return (
    (doc.gates ?? []).some((g) => g.kind === 'cloudwatch-alarms') ||
    (doc.telemetry?.sources ?? []).some((s) => s.kind === 'cloudwatch')
  );
}

/** Starts the simulated CloudWatch of `plan`'s hosts, read from `fleet`. */
export async function startCloudWatchRehearsal(
  plan: RolloutPlan,
  fleet: SimFleet,
): Promise<CloudWatchRehearsal> {
  const hostOf = new Map(plan.hosts.map((h) => [h.labels['aws.instanceId'] ?? h.name, h.name]));
  const aws = await startSimAws({
    instances: plan.hosts.map(rehearsalInstance),
    counters: (id) => {
      const name = hostOf.get(id);
      return name === undefined ? undefined : fleet.counters(name);
    },
    // An account has history: alarms judge complete periods from the start of the run.
    metricHistoryMs: 5 * 60_000,
  });
  return {
    access: { endpoint: aws.endpoint, credentials: aws.credentials },
    stop: () => aws.stop(),
  };
}
