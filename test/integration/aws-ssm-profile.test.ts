/**
 * A host from an aws inventory entry with `profile: X` gets its SSM commands signed with
 * profile X's credentials, as its DescribeInstances was, never with the default chain's: the
 * executor ignored the entry's profile and deployed with whatever the environment held.
 * Real SDK clients and credential chain against the simulated Run Command (SigV4 verified),
 * reached through the SDK's own AWS_ENDPOINT_URL, as a real account's would be.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSsmExecutor } from '../../src-main/adapters/cloud-aws';
import { instanceHost } from '../../src-main/adapters/cloud-aws/instance-host';
import type { SimFleet } from '../../src-main/sim';
import { simAccountInstances, type SimAws } from '../../src-main/sim/cloud-aws';
import { startSimAwsWithAgent, type SimAwsWithAgent } from '../helpers/sim-aws-agent';

let sim: SimAwsWithAgent;
let fleet: SimFleet;
let aws: SimAws;
const dir = mkdtempSync(path.join(tmpdir(), 'ringside-ssm-profile-'));
const saved = { ...process.env };
const instances = simAccountInstances({ count: 1, regions: ['eu-west-1'], stoppedPerRegion: 0 });

beforeAll(async () => {
  sim = await startSimAwsWithAgent(instances, 0);
  fleet = sim.fleet;
  aws = sim.aws;
  const creds = aws.credentials;
  const file = path.join(dir, 'credentials');
  writeFileSync(
    file,
    `[deployer]\naws_access_key_id = ${creds.accessKeyId}\naws_secret_access_key = ${creds.secretAccessKey}\n`,
  );
  writeFileSync(path.join(dir, 'config'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
  // The default chain holds other keys, which the simulated account does not know.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAOTHERACCOUNT0000';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-the-deployer-secret';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
});
afterAll(async () => {
  process.env = saved;
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("SSM commands go with the inventory entry's profile", () => {
  it('signs with profile deployer for a host discovered with it, and the default chain is refused', async () => {
    const inst = instances[0]!;
    const discovered = (profile: string | null) => {
      const h = instanceHost(
        {
          InstanceId: inst.instanceId,
          PrivateIpAddress: inst.privateIpAddress,
          Placement: { AvailabilityZone: 'eu-west-1a' },
        },
        'eu-west-1',
        'private',
        profile,
        '123456789012',
      );
      if (!h.ok) {
        throw new Error(h.message);
      }
      return { name: h.name, address: h.address, port: 22, labels: h.labels };
    };
    expect(discovered('deployer').labels['aws.profile']).toBe('deployer');
    const ex = createSsmExecutor({ pollMs: { first: 20, max: 200 } });
    try {
      const viaProfile = await ex.exec(discovered('deployer'), 'appctl install 2.0.0', {
        timeoutMs: 10_000,
      });
      expect(viaProfile.kind === 'ok' ? 'ok' : JSON.stringify(viaProfile)).toBe('ok');
      expect(fleet.state(inst.instanceId)?.version).toBe('2.0.0');
      // Without a profile the default chain's keys sign, and the account refuses them.
      const viaDefault = await ex.exec(discovered(null), 'appctl install 3.0.0', {
        timeoutMs: 10_000,
      });
      expect(viaDefault.kind).toBe('auth-failed');
      expect(fleet.state(inst.instanceId)?.version).toBe('2.0.0');
    } finally {
      await ex.close();
    }
  });
});
