/**
 * The console's Connections entry for an AWS account, through the production wiring: the
 * facade opens a plan whose fleet is an aws inventory (read with the SDK's default chain and
 * AWS_ENDPOINT_URL from the environment, as a real account is), the snapshot lists the
 * profile with its regions, and "Test connection" asks the simulated EC2 (SigV4 verified)
 * with one DescribeInstances; a failure is one line with the API's words. A rollout started
 * from the console sends a deploy-via-ssm plan's steps through Run Command, not SSH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, memorySettings, type RingsideApp } from '../../src-main/app';
import { execOnSimHost, startSimFleet, type SimFleet } from '../../src-main/sim';
import { simAccountInstances, startSimAws, type SimAws } from '../../src-main/sim/cloud-aws';

const dir = mkdtempSync(join(tmpdir(), 'ringside-aws-conn-'));
let aws: SimAws;
let fleet: SimFleet;
let app: RingsideApp;
const saved = { ...process.env };

beforeAll(async () => {
  const instances = simAccountInstances({ count: 12 });
  fleet = await startSimFleet({
    hosts: instances.map((i) => ({ name: i.instanceId })),
    latencyScale: 0,
    initialVersion: '1.0.0',
  });
  const agentFleet = fleet;
  aws = await startSimAws({
    instances,
    ssmAgent: (id, script, signal) => {
      const h = agentFleet.host(id);
      return h
        ? execOnSimHost(agentFleet, h, script, { signal })
        : Promise.reject(new Error(`no simulated host for ${id}`));
    },
  });
  Object.assign(process.env, aws.env('us-east-1'), {
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
  });
  const planPath = join(dir, 'plan.yaml');
  writeFileSync(
    planPath,
    [
      'release: { name: shop, version: 2.0.0, previous: 1.0.0 }',
      'fleet:',
      '  inventories:',
      '    - aws: { regions: [us-east-1], filters: { "tag:tier": api } }',
      '    - aws: { regions: [eu-west-1, us-east-1], filters: { "tag:tier": web } }',
      'domains: { byLabel: aws.az }',
      'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
      "deploy: { via: ssm, steps: [{ name: s, command: 'appctl install {{version}}', timeout: 5s }] }",
    ].join('\n') + '\n',
  );
  app = await createRingsideApp({
    workspace: { planPath },
    journalRoot: join(dir, 'journals'),
    settings: memorySettings(),
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await aws?.stop();
  await fleet?.stop();
  for (const k of Object.keys(process.env)) {
    if (!(k in saved)) {
      delete process.env[k];
    }
  }
  Object.assign(process.env, saved);
  rmSync(dir, { recursive: true, force: true });
});

describe('Connections: AWS accounts', () => {
  it('lists the default chain once, with every region the entries read', async () => {
    const snap = await app.getSnapshot();
    expect(snap.connections.cloudAccounts).toEqual([
      { cloud: 'aws', account: 'default chain', scope: ['us-east-1', 'eu-west-1'] },
    ]);
  });

  it('says the account answers (one DescribeInstances), and why not in one line', async () => {
    const r = await app.testCloudAccount({ cloud: 'aws', account: 'default chain' });
    expect(r.ok ? r.answer : r.error).toMatch(
      /^the default chain in us-east-1 at http:\/\/127\.0\.0\.1:\d+: DescribeInstances answered \(5 instances on its first page\)$/,
    );
    aws.setFault({ kind: 'expired-credentials' });
    const expired = await app.testCloudAccount({ cloud: 'aws', account: 'default chain' });
    aws.setFault(null);
    expect(expired.ok ? '' : expired.error).toMatch(
      new RegExp(
        `^the default chain in us-east-1 at ${aws.endpoint.replace(/\./g, '\\.')}: the AWS credentials from the default chain have expired \\(ExpiredToken: .*\\); log in with`,
      ),
    );
    expect(expired.ok ? '' : expired.error).not.toContain('\n');
  });

  it('tests only accounts the open plan names', async () => {
    expect(await app.testCloudAccount({ cloud: 'aws', account: 'prod-admin' })).toEqual({
      ok: false,
      error: "aws account prod-admin: expected an account the open plan's inventories name",
    });
  });
});

describe('a console rollout of a deploy-via-ssm plan', () => {
  it('sends its steps through SSM (SendCommand to the instances), not SSH', async () => {
    await app.start({});
    const deadline = Date.now() + 30_000;
    while (aws.ssm.sent() === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [first] = aws.ssm.record();
    expect(first?.script).toContain('appctl install');
    expect(aws.ssm.commands()[0]?.instanceIds.length).toBeGreaterThan(0);
  });
});
