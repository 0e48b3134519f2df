/**
 * Does an AWS account answer? One EC2 DescribeInstances (MaxResults 5) in a region the plan
 * reads, with the same client, credential chain (the profile, or the SDK's default chain)
 * and endpoint as the inventory: no STS call, which an endpoint override would not reach and
 * a restricted identity may not be allowed. The answer or the failure in one line.
 */
import { defaultChain } from './lazy-sdk';
import { describeFailure } from './aws-errors';
import type { AwsAccess } from './ec2-inventory';

export type AwsProbe =
  | { readonly ok: true; readonly answer: string; readonly latencyMs: number }
  | { readonly ok: false; readonly error: string };

/** Asks `region` with `profile` (undefined: the default chain); never throws. */
export async function probeAwsAccount(
  profile: string | undefined,
  region: string,
  access?: AwsAccess,
  now: () => number = () => performance.now(),
): Promise<AwsProbe> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded when asked, not with the CLI (see ec2-inventory.ts).
  const { DescribeInstancesCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  const client = new EC2Client({
    region,
    credentials: access?.credentials ?? defaultChain(profile),
    maxAttempts: 2,
    ...(access ? { endpoint: access.endpoint } : {}),
    ...(profile !== undefined ? { profile } : {}),
  });
  const who = profile !== undefined ? `profile ${profile}` : 'the default chain';
  // Where the SDK sends it: an override (as the SDK reads it from the environment) or the
  // regional endpoint.
  const endpoint =
    access?.endpoint ??
    process.env.AWS_ENDPOINT_URL_EC2 ??
    process.env.AWS_ENDPOINT_URL ??
    `ec2.${region}.amazonaws.com`;
  const started = now();
  try {
    const out = await client.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const seen = (out.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
    return {
      ok: true,
      answer: `${who} in ${region} at ${endpoint}: DescribeInstances answered (${seen} instance${seen === 1 ? '' : 's'} on its first page)`,
      latencyMs: Math.round(now() - started),
    };
  } catch (e) {
    return {
      ok: false,
      error: `${who} in ${region} at ${endpoint}: ${describeFailure(e, { region, profile, endpoint })}`,
    };
  } finally {
    client.destroy();
  }
}
