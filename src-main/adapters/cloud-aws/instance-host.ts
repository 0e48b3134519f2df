/** An EC2 instance as an inventory host: name, address and labels. */
import type { Instance } from '@aws-sdk/client-ec2';
import type { AwsAddressKind } from '../../core/plan/schema-aws';

/** Tag that EC2 Auto Scaling puts on every instance of a group. */
export const ASG_TAG = 'aws:autoscaling:groupName';

export type InstanceHost =
  | {
      readonly ok: true;
      readonly name: string;
      readonly address: string;
      readonly labels: Record<string, string>;
    }
  | { readonly ok: false; readonly message: string };

/**
 * The host of one instance: named by its instance id (unique and stable, where Name tags
 * may repeat), reached at its private IP, public IP or DNS name, labelled with its tags
 * (except AWS's reserved `aws:` tags) plus aws.region, aws.az, aws.instanceId,
 * aws.instanceType, aws.account (the reservation's owner, so Fleet groups by account,
 * region and zone), aws.asg (from the Auto Scaling group tag) when it has one, and
 * aws.profile when the inventory entry names a profile: the SSM executor sends the host's
 * commands with the credentials it was discovered with, never the default chain's.
 */
export function instanceHost(
  i: Instance,
  region: string,
  address: AwsAddressKind,
  profile: string | null,
  account: string | null,
): InstanceHost {
  const id = i.InstanceId ?? '';
  if (id === '') {
    return { ok: false, message: 'EC2 returned an instance without an InstanceId' };
  }
  const addr =
    address === 'private'
      ? i.PrivateIpAddress
      : address === 'public'
        ? i.PublicIpAddress
        : i.PublicDnsName || i.PrivateDnsName;
  if (addr === undefined || addr === '') {
    return {
      ok: false,
      message: `instance ${id} has no ${address === 'dns' ? 'DNS name' : `${address} IP address`} (address: ${address}; state ${i.State?.Name ?? 'unknown'})`,
    };
  }
  const labels: Record<string, string> = {};
  let asg: string | undefined;
  for (const t of i.Tags ?? []) {
    if (t.Key === undefined) {
      continue;
    }
    if (t.Key === ASG_TAG) {
      asg = t.Value;
    }
    if (!t.Key.startsWith('aws:')) {
      labels[t.Key] = t.Value ?? '';
    }
  }
  labels['aws.region'] = region;
  labels['aws.az'] = i.Placement?.AvailabilityZone ?? '';
  labels['aws.instanceId'] = id;
  labels['aws.instanceType'] = i.InstanceType ?? '';
  if (account !== null && account !== '') {
    labels['aws.account'] = account;
  }
  if (asg !== undefined) {
    labels['aws.asg'] = asg;
  }
  if (profile !== null) {
    labels['aws.profile'] = profile;
  }
  return { ok: true, name: id, address: addr, labels };
}
