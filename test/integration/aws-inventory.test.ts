/**
 * `fleet.inventories: - aws: {...}` through the production path: the SDK's default
 * credential chain and AWS_ENDPOINT_URL, against the simulated AWS (every request's SigV4
 * checked). Bad input is one line naming the entry, in the API's words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { formatPlanError } from '../../src-main/core/plan';
import {
  SIM_AWS_EXPIRED_CREDENTIALS,
  simAccountInstances,
  startSimAws,
  type SimAws,
} from '../../src-main/sim/cloud-aws';
import { ringside } from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-aws-inv-'));
let sim: SimAws;
const instances = simAccountInstances({ count: 30, regions: ['us-east-1', 'eu-west-1'] });

/** An environment with nothing of the tester's AWS setup: no ~/.aws, no instance metadata. */
function awsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sim.endpoint,
    AWS_CONFIG_FILE: join(tmp, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HOME: tmp,
    ...extra,
  };
}
const keys = () => ({
  AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
});

function plan(file: string, aws: string, extra: string[] = []): string {
  writeFileSync(
    join(tmp, file),
    [
      'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
      'fleet:',
      '  defaults: { user: deploy, port: 22 }',
      '  inventories:',
      `    - aws: ${aws}`,
      'domains: { byLabel: aws.az }',
      ...(extra.length > 0 ? extra : ['rings: [{ name: all, select: { rest: true }, bake: 0s }]']),
      "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
    ].join('\n'),
  );
  return file;
}

const AWS_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
];
function setEnv(env: Record<string, string>): void {
  for (const k of AWS_KEYS) {
    delete process.env[k];
  }
  Object.assign(process.env, env);
}

async function load(file: string) {
  return loadPlanFromFile(file, { cwd: tmp });
}
async function errorLines(file: string): Promise<string[]> {
  const r = await load(file);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.error.map(formatPlanError);
}

beforeAll(async () => {
  sim = await startSimAws({ instances });
});
beforeEach(() => {
  sim.setFault(null);
  setEnv(awsEnv(keys()));
});
afterAll(async () => {
  await sim.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('aws inventory', () => {
  it('hosts from every region, running only, labelled by tags and aws.*; domains by aws.az', async () => {
    const r = await load(
      plan('all.yaml', "{ regions: [us-east-1, eu-west-1], filters: { 'tag:app': shop } }"),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    const running = instances.filter((i) => i.state === 'running');
    expect(r.value.plan.hosts.map((h) => h.name).sort()).toEqual(
      running.map((i) => i.instanceId).sort(),
    );
    const one = running[0];
    const host = r.value.plan.hosts.find((h) => h.name === one?.instanceId);
    expect(host?.address).toBe(one?.privateIpAddress);
    expect(host?.labels).toMatchObject({
      'aws.region': one?.region,
      'aws.az': one?.availabilityZone,
      'aws.instanceId': one?.instanceId,
      'aws.instanceType': one?.instanceType,
      // The account that owns it (the reservation's OwnerId): Fleet groups by it.
      'aws.account': '123456789012',
      'aws.asg': one?.tags['aws:autoscaling:groupName'],
      tier: one?.tags.tier,
      Name: one?.tags.Name,
    });
    expect(host?.labels['aws:autoscaling:groupName']).toBeUndefined();
    const domains = r.value.plan.rings[0]?.domains.map((d) => d.name).sort();
    expect(domains).toEqual([...new Set(running.map((i) => i.availabilityZone))].sort());
  });

  it('asks for the rehearsal account only for a plan with aws inventories, once for several', async () => {
    let asked = 0;
    const access = async () => {
      asked += 1;
      return { endpoint: sim.endpoint, credentials: sim.credentials };
    };
    const two = plan(
      'two.yaml',
      "{ regions: [us-east-1], filters: { 'tag:tier': web } }\n    - aws: { regions: [eu-west-1] }",
    );
    const r = await loadPlanFromFile(two, { cwd: tmp, aws: access });
    expect(r.ok ? 'ok' : r.error.map(formatPlanError).join('; ')).toBe('ok');
    expect(asked).toBe(1);
    writeFileSync(join(tmp, 'hosts.yaml'), '- { name: web-1, address: 10.0.0.1 }\n');
    writeFileSync(
      join(tmp, 'files.yaml'),
      [
        'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
        'fleet: { inventories: [{ path: hosts.yaml }] }',
        'domains: { count: 1 }',
        'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
        "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
      ].join('\n'),
    );
    const files = await loadPlanFromFile('files.yaml', { cwd: tmp, aws: access });
    expect(files.ok ? 'ok' : files.error.map(formatPlanError).join('; ')).toBe('ok');
    expect(asked).toBe(1); // a plan without aws inventories starts no simulated account
  });

  it('ring selectors by tag, address: dns, and a profile from ~/.aws/config', async () => {
    writeFileSync(
      join(tmp, 'credentials'),
      `[sim]\naws_access_key_id = ${sim.credentials.accessKeyId}\naws_secret_access_key = ${sim.credentials.secretAccessKey}\n`,
    );
    setEnv(awsEnv({ AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'credentials') }));
    const r = await load(
      plan(
        'tags.yaml',
        "{ regions: [eu-west-1], profile: sim, address: dns, filters: { 'tag:tier': [web, api] } }",
        [
          'rings:',
          '  - { name: web, select: { labels: { tier: web } }, bake: 0s }',
          '  - { name: api, select: { rest: true }, bake: 0s }',
        ],
      ),
    );
    expect(r.ok ? '' : r.error.map(formatPlanError).join('\n')).toBe('');
    if (!r.ok) {
      return;
    }
    const web = r.value.plan.rings[0]?.domains.flatMap((d) => d.hosts) ?? [];
    const byId = new Map(instances.map((i) => [i.instanceId, i]));
    expect(web.length).toBeGreaterThan(0);
    expect(web.every((h) => byId.get(h)?.tags.tier === 'web')).toBe(true);
    const h = r.value.plan.hosts[0];
    expect(h?.address).toBe(byId.get(h?.name ?? '')?.publicDnsName);
  });

  it('pages through 2,500 instances and rides out throttling', async () => {
    const big = await startSimAws({
      instances: simAccountInstances({ count: 2500, regions: ['us-west-2'], stoppedPerRegion: 0 }),
    });
    try {
      setEnv(awsEnv({ ...keys(), AWS_ENDPOINT_URL: big.endpoint }));
      big.setFault({ kind: 'throttle', count: 2 });
      const r = await load(plan('big.yaml', '{ regions: [us-west-2] }'));
      expect(r.ok && r.value.plan.hosts.length).toBe(2500);
      expect(big.stats().refused.RequestLimitExceeded).toBe(2);
      expect(big.stats().requests).toBe(2 + 3);
    } finally {
      await big.stop();
    }
  });

  it('bad input: one line naming the entry and region, in the API words', async () => {
    const [badFilter] = await errorLines(
      plan('f.yaml', '{ regions: [us-east-1], filters: { colour: red } }'),
    );
    expect(badFilter).toMatch(
      /^f\.yaml:5:\d+: fleet\.inventories\[0\] \(aws, us-east-1\): EC2 rejected the request \(InvalidParameterValue: The filter 'colour' is invalid\)/,
    );
    const [region] = await errorLines(plan('r.yaml', '{ regions: [xx-nowhere-9] }'));
    expect(region).toContain(
      "fleet.inventories[0] (aws, xx-nowhere-9): unknown region 'xx-nowhere-9'",
    );
    sim.setFault({ kind: 'access-denied' });
    const [denied] = await errorLines(plan('d.yaml', '{ regions: [us-east-1] }'));
    expect(denied).toContain(
      'fleet.inventories[0] (aws, us-east-1): permission denied (UnauthorizedOperation: You are not authorized to perform this operation.); the identity needs ec2:DescribeInstances',
    );
    sim.setFault(null);
    setEnv(
      awsEnv({
        AWS_ACCESS_KEY_ID: SIM_AWS_EXPIRED_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SIM_AWS_EXPIRED_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: SIM_AWS_EXPIRED_CREDENTIALS.sessionToken,
      }),
    );
    const expired = await errorLines(plan('e.yaml', '{ regions: [us-east-1, eu-west-1] }'));
    // The same words from both regions: one line naming both.
    expect(expired).toHaveLength(1);
    expect(expired[0]).toContain(
      '(aws, us-east-1, eu-west-1): the AWS credentials from the default chain have expired (ExpiredToken:',
    );
    expect(expired.join('\n')).not.toContain(SIM_AWS_EXPIRED_CREDENTIALS.secretAccessKey);
    expect(expired.join('\n')).not.toContain(SIM_AWS_EXPIRED_CREDENTIALS.sessionToken);
  });

  it('missing credentials or profile: which chain failed and how to log in', async () => {
    setEnv(awsEnv());
    const [none] = await errorLines(plan('n.yaml', '{ regions: [us-east-1] }'));
    expect(none).toMatch(
      /fleet\.inventories\[0\] \(aws, us-east-1\): no usable AWS credentials from the default chain \(tried environment/,
    );
    expect(none).toContain("or run 'aws configure'");
    const [profile] = await errorLines(
      plan('p.yaml', '{ regions: [us-east-1], profile: prod-admin }'),
    );
    expect(profile).toContain("no usable AWS credentials from profile 'prod-admin'");
    expect(profile).toContain("'aws sso login --profile prod-admin'");
    expect(profile?.split('\n')).toHaveLength(1);
  });

  it('the schema refuses an entry with both path and aws, and a bad region name', async () => {
    writeFileSync(
      join(tmp, 'both.yaml'),
      [
        'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
        'fleet:',
        '  inventories:',
        '    - { path: hosts.yaml, aws: { regions: [Europe] } }',
        'domains: { count: 1 }',
        'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
        "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
      ].join('\n'),
    );
    const lines = (await errorLines('both.yaml')).join('\n');
    expect(lines).toContain("'Europe' is not a region name (expected e.g. eu-west-1)");
  });

  it('ringside hosts PLAN lists the instances, endpoint and keys from the environment only', async () => {
    plan('cli.yaml', "{ regions: [eu-west-1], filters: { 'tag:tier': worker } }");
    // From the repository (where tsx resolves), the plan by absolute path.
    const r = await ringside(['hosts', join(tmp, 'cli.yaml'), '--json'], { env: awsEnv(keys()) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      hosts: { name: string; address: string; labels: Record<string, string> }[];
    };
    const want = instances.filter(
      (i) => i.region === 'eu-west-1' && i.state === 'running' && i.tags.tier === 'worker',
    );
    expect(out.hosts.map((h) => h.name).sort()).toEqual(want.map((i) => i.instanceId).sort());
    const bad = await ringside(['hosts', join(tmp, 'n.yaml')], { env: awsEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('no usable AWS credentials');
  });
});
