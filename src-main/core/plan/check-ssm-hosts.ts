import type { PlanError } from './errors';
import type { Locate } from './positions';

/**
 * `deploy: { via: ssm }` reaches each host through its EC2 instance: every host needs the
 * `aws.instanceId` and `aws.region` labels an aws inventory gives. One error names the first
 * host without them and how many there are.
 */
export function checkSsmHosts(
  via: 'ssh' | 'ssm' | undefined,
  hosts: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[],
  file: string,
  locate: Locate,
): PlanError[] {
  if (via !== 'ssm') {
    return [];
  }
  const missing = hosts.filter(
    (h) => h.labels['aws.instanceId'] === undefined || h.labels['aws.region'] === undefined,
  );
  const first = missing[0];
  if (first === undefined) {
    return [];
  }
  return [
    {
      file,
      ...locate(['deploy', 'via'], 'value'),
      message: `deploy via ssm needs every host from an aws inventory (labels aws.instanceId and aws.region): host '${first.name}'${missing.length > 1 ? ` and ${missing.length - 1} more have` : ' has'} none`,
    },
  ];
}
