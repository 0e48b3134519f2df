/** The EC2 Query API's flattened parameters (`Filter.1.Name`, `Filter.1.Value.1`, ...). */
import type { Ec2Filter } from './ec2-filters';

export interface DescribeInstancesParams {
  readonly filters: readonly Ec2Filter[];
  readonly instanceIds: readonly string[];
  readonly maxResults: number | undefined;
  readonly nextToken: string | undefined;
}

/** Form-encoded pairs of a query string or body. */
export function formParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(text)) {
    out.set(k, v);
  }
  return out;
}

function indexed(params: Map<string, string>, prefix: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`);
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m) {
      out.set(Number(m[1]), v);
    }
  }
  return out;
}

/** Reads DescribeInstances' parameters; a malformed MaxResults comes back as a string problem. */
export function describeInstancesParams(
  params: Map<string, string>,
): DescribeInstancesParams | string {
  const filters: Ec2Filter[] = [];
  const names = new Map<number, string>();
  for (const [k, v] of params) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (m) {
      names.set(Number(m[1]), v);
    }
  }
  for (const n of [...names.keys()].sort((a, b) => a - b)) {
    const name = names.get(n) ?? '';
    const values = indexed(params, `Filter.${n}.Value`);
    filters.push({
      name,
      values: [...values.keys()].sort((a, b) => a - b).map((i) => values.get(i) ?? ''),
    });
  }
  const ids = indexed(params, 'InstanceId');
  const raw = params.get('MaxResults');
  let maxResults: number | undefined;
  if (raw !== undefined) {
    maxResults = Number(raw);
    if (!/^\d+$/.test(raw) || maxResults < 5 || maxResults > 1000) {
      return `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`;
    }
    if (ids.size > 0) {
      return 'The parameter instancesSet cannot be used with the parameter maxResults';
    }
  }
  return {
    filters,
    instanceIds: [...ids.keys()].sort((a, b) => a - b).map((i) => ids.get(i) ?? ''),
    maxResults,
    nextToken: params.get('NextToken'),
  };
}
