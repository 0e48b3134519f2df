/**
 * The AWS inventory: hosts from EC2 DescribeInstances in each region of a
 * `fleet.inventories[i].aws` entry, every page, throttling retried by the SDK's standard
 * retry strategy. Credentials come from the SDK's default chain (`fromNodeProviderChain`,
 * with the entry's profile) and are never kept beyond the client; the endpoint from the
 * SDK's own settings (AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL), the path a real account uses.
 */
// Loaded when an inventory asks EC2, not with the CLI: the EC2 client is ~30 MB of heap.
import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import { defaultChain } from './lazy-sdk';
import type { AwsInventoryDoc } from '../../core/plan/schema-aws';
import { describeFailure } from './aws-errors';
import { instanceHost } from './instance-host';

/**
 * An explicit endpoint and credentials, for the dress rehearsal's simulated account only:
 * the production path leaves both to the SDK's chain and settings.
 */
export interface AwsAccess {
  readonly endpoint: string;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

export interface DiscoveredHost {
  readonly name: string;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type Discovery =
  | { readonly ok: true; readonly hosts: readonly DiscoveredHost[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The entry's filters in EC2's shape, with `instance-state-name: running` unless it filters on state. */
export function ec2Filters(filters: AwsInventoryDoc['filters']): Filter[] {
  const out: Filter[] = Object.entries(filters ?? {}).map(([name, v]) => ({
    Name: name,
    Values: (Array.isArray(v) ? v : [v]).map(String),
  }));
  if (!out.some((f) => f.Name === 'instance-state-name')) {
    out.push({ Name: 'instance-state-name', Values: ['running'] });
  }
  return out;
}

/** The SDK warns on Node 20 about its releases after January 2027; that is not this run's concern. */
function quietSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * Discovers the hosts of one aws entry. `label` (given one region, or several joined by ", ") prefixes every error line
 * (`fleet.inventories[0] (aws, eu-west-1): ...`) with the region that failed.
 */
export async function discoverAwsHosts(
  entry: AwsInventoryDoc,
  label: (region: string) => string,
  access?: AwsAccess,
): Promise<Discovery> {
  quietSdkNodeWarning();
  const credentials = access?.credentials ?? defaultChain(entry.profile);
  const filters = ec2Filters(entry.filters);
  const address = entry.address ?? 'private';
  const ec2 = await import('@aws-sdk/client-ec2');
  const perRegion = await Promise.all(
    entry.regions.map(async (region) => {
      const errors: { region: string; message: string }[] = [];
      const client = new ec2.EC2Client({
        region,
        credentials,
        maxAttempts: 6,
        retryMode: 'standard',
        ...(access ? { endpoint: access.endpoint } : {}),
        ...(entry.profile !== undefined ? { profile: entry.profile } : {}),
      });
      const hosts: DiscoveredHost[] = [];
      try {
        const pages = ec2.paginateDescribeInstances(
          { client, pageSize: 1000 },
          { Filters: filters },
        );
        for await (const page of pages) {
          for (const r of page.Reservations ?? []) {
            for (const i of r.Instances ?? []) {
              const h = instanceHost(i, region, address, entry.profile ?? null, r.OwnerId ?? null);
              if (h.ok) {
                hosts.push({ name: h.name, address: h.address, labels: h.labels });
              } else {
                errors.push({ region, message: h.message });
              }
            }
          }
        }
      } catch (e) {
        const endpoint = access?.endpoint ?? (await endpointOf(client));
        errors.push({
          region,
          message: describeFailure(e, { region, profile: entry.profile, endpoint }),
        });
      } finally {
        client.destroy();
      }
      return { hosts, errors };
    }),
  );
  // In the entry's region order, whichever region answered first; the same words from several
  // regions (missing credentials, most often) are one line naming them all.
  const regionsOf = new Map<string, string[]>();
  for (const { region, message } of perRegion.flatMap((r) => r.errors)) {
    regionsOf.set(message, [...(regionsOf.get(message) ?? []), region]);
  }
  const errors = [...regionsOf].map(
    ([message, regions]) => `${label(regions.join(', '))}: ${message}`,
  );
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, hosts: perRegion.flatMap((r) => r.hosts) };
}

async function endpointOf(client: EC2Client): Promise<string> {
  try {
    const ep = await client.config.endpoint?.();
    return ep
      ? `${ep.protocol}//${ep.hostname}${ep.port ? `:${ep.port}` : ''}`
      : `ec2.${await client.config.region()}.amazonaws.com`;
  } catch {
    return 'the EC2 endpoint';
  }
}
