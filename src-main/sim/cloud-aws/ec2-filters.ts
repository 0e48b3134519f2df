/**
 * DescribeInstances' filters as EC2 applies them: values of one filter are OR-ed, filters
 * are AND-ed, `*` and `?` are wildcards; an unknown filter name is the API's own error.
 */
import type { SimInstance } from './account';

export interface Ec2Filter {
  readonly name: string;
  readonly values: readonly string[];
}

/** Filter names the simulated EC2 understands (a subset of the real list). */
export const SUPPORTED_FILTERS = [
  'availability-zone',
  'instance-id',
  'instance-state-name',
  'instance-type',
  'private-ip-address',
  'ip-address',
  'private-dns-name',
  'dns-name',
  'tag-key',
  'tag-value',
  'tag:KEY',
] as const;

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** Values of one instance for a filter name; undefined for a name EC2 would reject. */
function valuesFor(i: SimInstance, name: string): readonly string[] | undefined {
  if (name.startsWith('tag:')) {
    const v = i.tags[name.slice(4)];
    return v === undefined ? [] : [v];
  }
  switch (name) {
    case 'availability-zone':
      return [i.availabilityZone];
    case 'instance-id':
      return [i.instanceId];
    case 'instance-state-name':
      return [i.state];
    case 'instance-type':
      return [i.instanceType];
    case 'private-ip-address':
      return [i.privateIpAddress];
    case 'ip-address':
      return i.publicIpAddress === undefined ? [] : [i.publicIpAddress];
    case 'private-dns-name':
      return [i.privateDnsName];
    case 'dns-name':
      return [i.publicDnsName];
    case 'tag-key':
      return Object.keys(i.tags);
    case 'tag-value':
      return Object.values(i.tags);
    default:
      return undefined;
  }
}

/** The first filter name EC2 would refuse, or null. */
export function invalidFilter(filters: readonly Ec2Filter[]): string | null {
  const probe: SimInstance = {
    instanceId: '',
    region: '',
    availabilityZone: '',
    state: 'running',
    instanceType: '',
    imageId: '',
    privateIpAddress: '',
    privateDnsName: '',
    publicDnsName: '',
    launchTime: '',
    tags: {},
  };
  const bad = filters.find((f) => valuesFor(probe, f.name) === undefined || f.name === 'tag:');
  return bad ? bad.name : null;
}

/** Whether an instance passes every filter. */
export function matchesFilters(i: SimInstance, filters: readonly Ec2Filter[]): boolean {
  return filters.every((f) => {
    const have = valuesFor(i, f.name) ?? [];
    return f.values.some((want) => {
      const re = wildcard(want);
      return have.some((h) => re.test(h));
    });
  });
}
