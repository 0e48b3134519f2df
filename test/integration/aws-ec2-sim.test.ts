/**
 * The real EC2 client (@aws-sdk/client-ec2) against the simulated AWS: the SDK's signer and
 * serializer meet our own SigV4 verifier and XML, so a bug on either side fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DescribeInstancesCommand,
  EC2Client,
  paginateDescribeInstances,
  type Filter,
} from '@aws-sdk/client-ec2';
import {
  SIM_AWS_EXPIRED_CREDENTIALS,
  simAccountInstances,
  startSimAws,
  type SimAws,
  type SimInstance,
} from '../../src-main/sim/cloud-aws';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let sim: SimAws;
const instances = simAccountInstances({ count: 60, regions: ['us-east-1', 'eu-west-1'] });

beforeAll(async () => {
  sim = await startSimAws({ instances });
});
afterAll(async () => {
  await sim.stop();
});

function client(region = 'us-east-1', credentials = sim.credentials, maxAttempts = 1): EC2Client {
  return new EC2Client({ region, endpoint: sim.endpoint, credentials, maxAttempts });
}

async function ids(c: EC2Client, filters: Filter[], pageSize = 1000): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateDescribeInstances(
    { client: c, pageSize },
    { Filters: filters },
  )) {
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) {
        out.push(i.InstanceId ?? '');
      }
    }
  }
  return out;
}

/** A reference filter written apart from the sim's: exact values, OR within, AND across. */
function reference(all: readonly SimInstance[], region: string, filters: Filter[]): string[] {
  const get = (i: SimInstance, name: string): string[] => {
    if (name.startsWith('tag:')) {
      const v = i.tags[name.slice(4)];
      return v === undefined ? [] : [v];
    }
    if (name === 'tag-key') {
      return Object.keys(i.tags);
    }
    const byName: Record<string, string> = {
      'availability-zone': i.availabilityZone,
      'instance-state-name': i.state,
      'instance-id': i.instanceId,
      'instance-type': i.instanceType,
    };
    return byName[name] === undefined ? [] : [byName[name]];
  };
  return all
    .filter(
      (i) =>
        i.region === region &&
        filters.every((f) => (f.Values ?? []).some((v) => get(i, f.Name ?? '').includes(v))),
    )
    .map((i) => i.instanceId);
}

describe('simulated EC2 DescribeInstances through the real SDK', () => {
  it('returns instances with tags, placement and state, region from the signature', async () => {
    const r = await client('eu-west-1').send(new DescribeInstancesCommand({}));
    const got = (r.Reservations ?? []).flatMap((x) => x.Instances ?? []);
    expect(got.length).toBe(instances.filter((i) => i.region === 'eu-west-1').length);
    const first = got[0];
    const want = instances.find((i) => i.instanceId === first?.InstanceId);
    expect(first?.Placement?.AvailabilityZone).toBe(want?.availabilityZone);
    expect(first?.Placement?.AvailabilityZone?.startsWith('eu-west-1')).toBe(true);
    expect(first?.State?.Name).toBe(want?.state);
    expect(first?.Tags).toContainEqual({
      Key: 'aws:autoscaling:groupName',
      Value: want?.tags['aws:autoscaling:groupName'],
    });
  });

  it('pages with MaxResults/NextToken and the paginator collects every page once', async () => {
    const before = sim.stats().requests;
    const all = await ids(client(), [], 7);
    const expected = instances.filter((i) => i.region === 'us-east-1').map((i) => i.instanceId);
    expect(all).toEqual(expected);
    expect(sim.stats().requests - before).toBe(Math.ceil(expected.length / 7));
  });

  it('filters like a reference implementation (random filters, fast-check)', async () => {
    const c = client();
    const pick = (xs: string[]) => fc.subarray([...new Set(xs)], { minLength: 1, maxLength: 3 });
    const filter = fc.oneof(
      pick(instances.map((i) => i.tags.tier ?? '')).map((v) => ({ Name: 'tag:tier', Values: v })),
      pick(instances.map((i) => i.tags.Name ?? '')).map((v) => ({ Name: 'tag:Name', Values: v })),
      pick(['tier', 'app', 'missing', 'aws:autoscaling:groupName']).map((v) => ({
        Name: 'tag-key',
        Values: v,
      })),
      pick(instances.map((i) => i.availabilityZone)).map((v) => ({
        Name: 'availability-zone',
        Values: v,
      })),
      pick(['running', 'stopped', 'terminated']).map((v) => ({
        Name: 'instance-state-name',
        Values: v,
      })),
      pick(instances.map((i) => i.instanceId)).map((v) => ({ Name: 'instance-id', Values: v })),
      pick(instances.map((i) => i.instanceType)).map((v) => ({ Name: 'instance-type', Values: v })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(filter, { maxLength: 3 }),
        fc.integer({ min: 5, max: 40 }),
        async (fs, size) => {
          expect((await ids(c, fs, size)).sort()).toEqual(
            reference(instances, 'us-east-1', fs).sort(),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("rejects an unknown filter with EC2's own error", async () => {
    await expect(
      client().send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: "The filter 'colour' is invalid",
    });
  });

  it('refuses a request changed after signing (body or header): SignatureDoesNotMatch', async () => {
    for (const tamper of ['body', 'header'] as const) {
      const c = client();
      c.middlewareStack.addRelativeTo(
        ((next: (a: { request: unknown }) => Promise<unknown>) =>
          async (args: { request: unknown }) => {
            const req = args.request as { body?: string; headers: Record<string, string> };
            if (tamper === 'body') {
              req.body = String(req.body).replace(
                'DescribeInstances',
                'DescribeInstances&DryRun=true',
              );
              req.headers['content-length'] = String(Buffer.byteLength(req.body));
            } else {
              req.headers['x-amz-date'] =
                req.headers['x-amz-date']?.replace(/\d{2}Z$/, '59Z') ?? '';
            }
            return next(args);
          }) as never,
        { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: `tamper-${tamper}` },
      );
      await expect(c.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        $metadata: { httpStatusCode: 403 },
      });
    }
  });

  it('refuses a wrong secret, an expired session and an unknown region', async () => {
    await expect(
      client('us-east-1', { ...sim.credentials, secretAccessKey: 'not-the-secret' }).send(
        new DescribeInstancesCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(
      client('us-east-1', { ...sim.credentials, accessKeyId: 'AKIANOSUCHKEY0000000' }).send(
        new DescribeInstancesCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(
      client('us-east-1', SIM_AWS_EXPIRED_CREDENTIALS).send(new DescribeInstancesCommand({})),
    ).rejects.toMatchObject({ name: 'ExpiredToken' });
    await expect(
      client('xx-nowhere-9').send(new DescribeInstancesCommand({})),
    ).rejects.toMatchObject({
      name: 'AuthFailure',
      message: "Credential should be scoped to a valid region, not 'xx-nowhere-9'.",
    });
  });

  it("throttling is RequestLimitExceeded and the SDK's retry strategy gets through", async () => {
    sim.setFault({ kind: 'throttle', count: 2 });
    const r = await client('us-east-1', sim.credentials, 4).send(
      new DescribeInstancesCommand({ MaxResults: 5 }),
    );
    expect(r.$metadata.attempts).toBe(3);
    expect(sim.stats().refused.RequestLimitExceeded).toBeGreaterThanOrEqual(2);
    sim.setFault({ kind: 'access-denied' });
    await expect(client().send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    sim.setFault(null);
  });
});
