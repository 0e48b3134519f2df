/**
 * The Azure inventory through the real @azure/arm-compute and @azure/identity clients
 * against the simulated Azure (HTTPS, test CA, simulated Entra tokens): every page, the
 * instance view's update/fault domains, NIC private IPs, and one clear line per fault.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadPlanFromFile } from '../../src-main/adapters/inventory';
import { azureAccessFromEnvironment, matchesTags } from '../../src-main/adapters/cloud-azure';
import { simAzureAccess } from '../../src-main/runtime/sim-azure';
import {
  simulatedSubscription,
  startSimAzure,
  type SimAzure,
  type SimAzureVm,
} from '../../src-main/sim/cloud-azure';

const SUB = '0b5e8c4a-1d2f-4e3a-9b8c-7d6e5f4a3b2c';
const GROUPS = ['rg-a', 'rg-b'];
const TEAMS = ['red', 'blue', 'green', 'gold'];

// Tags vary over the VMs so tag filters select real subsets.
const base = simulatedSubscription({ subscription: SUB, resourceGroups: GROUPS, tags: {} });
const vms: SimAzureVm[] = base.vms.map((v, i) => ({
  ...v,
  tags: { ...v.tags, env: i % 3 === 0 ? 'staging' : 'prod', Team: TEAMS[i % 4] ?? 'red' },
}));

let sim: SimAzure;
let dir: string;

beforeAll(async () => {
  // Three items per page: every list of the groups takes several nextLink pages.
  sim = await startSimAzure({ subscription: { ...base, vms }, pageSize: 3 });
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-azure-inv-'));
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

function planWith(azure: Record<string, unknown>): string {
  const file = path.join(dir, `plan-${Math.random().toString(36).slice(2)}.yaml`);
  const doc = {
    release: { name: 'web', version: '2.0.0', previous: '1.0.0' },
    fleet: { defaults: { user: 'azureuser' }, inventories: [{ path: 'none.yaml' }, { azure }] },
    domains: { byLabel: 'azure.updateDomain' },
    rings: [{ name: 'all', select: { rest: true }, bake: '0s', promotion: 'manual' }],
    deploy: { steps: [{ name: 'install', command: 'appctl install {{version}}', timeout: '5s' }] },
  };
  writeFileSync(path.join(dir, 'none.yaml'), 'hosts: []\n');
  writeFileSync(file, YAML.stringify(doc));
  return file;
}

async function load(azure: Record<string, unknown>, access = simAzureAccess(sim)) {
  return loadPlanFromFile(planWith(azure), { clouds: { azure: () => Promise.resolve(access) } });
}

async function errorLine(azure: Record<string, unknown>, access = simAzureAccess(sim)) {
  const r = await load(azure, access);
  expect(r.ok).toBe(false);
  const errors = r.ok ? [] : r.error;
  expect(errors).toHaveLength(1);
  return errors[0]?.message ?? '';
}

describe('Azure inventory through the real SDK against the simulated ARM', () => {
  it('lists every VM and scale-set instance over all pages, with placement labels and NIC IPs', async () => {
    const before = sim.counts().get(200) ?? 0;
    const r = await load({ subscription: SUB, resourceGroups: GROUPS });
    expect(r.ok).toBe(true);
    const hosts = r.ok ? r.value.plan.hosts : [];
    expect(hosts.map((h) => h.name).sort()).toEqual(vms.map((v) => v.name).sort());
    // 10 VMs + 5 instances + 10 NICs + 5 NICs + 1 scale set per group, 3 a page.
    expect((sim.counts().get(200) ?? 0) - before).toBe(2 * (4 + 2 + 4 + 2 + 1));
    const inst = hosts.find((h) => h.name === 'rg-b-vmss_3');
    const vm = vms.find((v) => v.name === 'rg-b-vmss_3');
    expect(inst?.address).toBe(vm?.privateIp);
    expect(inst?.labels).toMatchObject({
      'azure.vmss': 'rg-b-vmss',
      'azure.resourceGroup': 'rg-b',
      'azure.location': 'northeurope',
      'azure.zone': vm?.zone,
      'azure.updateDomain': String(vm?.updateDomain),
      'azure.faultDomain': String(vm?.faultDomain),
      Team: vm?.tags.Team,
    });
    const domains = r.ok ? (r.value.plan.rings[0]?.domains.map((d) => d.name) ?? []) : [];
    expect(domains).toEqual(['0', '1', '2', '3', '4']);
  });

  it('keeps exactly the VMs a reference tag filter keeps, for random filters', async () => {
    const value = fc.constantFrom<string>(
      'prod',
      'staging',
      'red',
      'blue',
      'gold',
      'web',
      'api',
      'x',
    );
    const filter = fc.dictionary(
      fc.constantFrom('env', 'ENV', 'team', 'Team', 'tier', 'missing'),
      fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })),
      { maxKeys: 3 },
    );
    await fc.assert(
      fc.asyncProperty(filter, async (tags) => {
        const r = await load({ subscription: SUB, resourceGroups: GROUPS, tags });
        // Reference: Azure's rule written out again (names ignore case, values exact).
        const want = vms.filter((v) =>
          Object.entries(tags).every(([k, w]) => {
            const hit = Object.entries(v.tags).find(([n]) => n.toLowerCase() === k.toLowerCase());
            return hit !== undefined && (Array.isArray(w) ? w.includes(hit[1]) : w === hit[1]);
          }),
        );
        if (want.length === 0) {
          expect(r.ok).toBe(false); // an empty fleet is refused
          return;
        }
        expect(r.ok && r.value.plan.hosts.map((h) => h.name).sort()).toEqual(
          want.map((v) => v.name).sort(),
        );
        expect(want.every((v) => matchesTags(v.tags, tags))).toBe(true);
      }),
      { numRuns: 20, seed: 14 },
    );
  });

  it('waits out throttling (429 Retry-After) and reads everything', async () => {
    sim.setFault({ kind: 'throttle', requests: 2, retryAfterS: 1 });
    const before = sim.counts().get(429) ?? 0;
    const r = await load({ subscription: SUB, resourceGroups: ['rg-a'] });
    sim.setFault(null);
    expect(r.ok && r.value.plan.hosts.length).toBe(15);
    expect((sim.counts().get(429) ?? 0) - before).toBe(2);
  });

  it('gives up on throttling that outlasts the SDK retries, with ARM words', async () => {
    sim.setFault({ kind: 'throttle', requests: 50, retryAfterS: 1 });
    const line = await errorLine({ subscription: SUB, resourceGroups: ['rg-a'] });
    sim.setFault(null);
    expect(line).toMatch(
      /^fleet\.inventories\[1\] \(azure, rg-a\): Azure Resource Manager said HTTP 429 SubscriptionRequestsThrottled: Number of 'read' requests for subscription .* exceeded\..* \(Azure kept throttling after the retries; try again later\)$/,
    );
  }, 30_000);

  it('gives one line per fault, naming the entry and ARM own words', async () => {
    expect(await errorLine({ subscription: SUB, resourceGroups: ['rg-a', 'rg-nope'] })).toBe(
      "fleet.inventories[1] (azure, rg-nope): Azure Resource Manager said HTTP 404 ResourceGroupNotFound: Resource group 'rg-nope' could not be found. (check the name ('az group list' shows the subscription's groups))",
    );
    const other = '99999999-9999-4999-8999-999999999999';
    expect(await errorLine({ subscription: other, resourceGroups: ['rg-a'] })).toMatch(
      /^fleet\.inventories\[1\] \(azure, rg-a\): Azure Resource Manager said HTTP 404 SubscriptionNotFound: The subscription '9{8}-.*' could not be found\. \(check the subscription id/,
    );
    sim.setFault({ kind: 'forbidden', resourceGroup: 'rg-b' });
    const denied = await errorLine({ subscription: SUB, resourceGroups: GROUPS });
    sim.setFault(null);
    expect(denied).toMatch(
      /^fleet\.inventories\[1\] \(azure, rg-b\): Azure Resource Manager said HTTP 403 AuthorizationFailed: The client '.*' does not have authorization to perform action 'Microsoft\.Compute\/virtualMachines\/read' over scope '\/subscriptions\/.*\/resourceGroups\/rg-b'.* \(grant this identity the Reader role/,
    );
  });

  it('says the token expired and how to log in again', async () => {
    const access = simAzureAccess(sim);
    expect((await load({ subscription: SUB, resourceGroups: ['rg-a'] }, access)).ok).toBe(true);
    sim.setFault({ kind: 'expired-token' });
    const line = await errorLine({ subscription: SUB, resourceGroups: ['rg-a'] }, access);
    sim.setFault(null);
    expect(line).toMatch(
      /^fleet\.inventories\[1\] \(azure, rg-a\): Azure Resource Manager said HTTP 401 ExpiredAuthenticationToken: The access token expiry UTC time .* is earlier than current UTC time .* \(the access token has expired: log in with 'az login'/,
    );
  });

  it('says which credential failed when Entra refuses an expired client secret, and never shows it', async () => {
    sim.setFault({ kind: 'expired-secret' });
    const line = await errorLine({ subscription: SUB, resourceGroups: ['rg-a'] });
    sim.setFault(null);
    expect(line).toMatch(
      /^fleet\.inventories\[1\] \(azure, rg-a\): the credential was refused \(ClientSecretCredential of the simulated Azure\): .*AADSTS7000222: The provided client secret keys for app '.*' are expired\..*; log in with 'az login'/,
    );
    expect(line).not.toContain(sim.app.clientSecret);
    expect(line).not.toContain('\n');
  });

  it('names the default chain and az login when no credential answers', async () => {
    // The default chain with an empty environment: no AZURE_* variables, no az CLI here.
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) {
      if (k.startsWith('AZURE_') || k === 'IDENTITY_ENDPOINT' || k === 'MSI_ENDPOINT') {
        delete process.env[k];
      }
    }
    try {
      const access = azureAccessFromEnvironment({ RINGSIDE_AZURE_ARM_ENDPOINT: sim.endpoint });
      const line = await errorLine({ subscription: SUB, resourceGroups: ['rg-a'] }, access);
      expect(line).toMatch(
        /^fleet\.inventories\[1\] \(azure, rg-a\): no Azure credential answered \(DefaultAzureCredential \(environment .*\)\): .*EnvironmentCredential.*; log in with 'az login'/,
      );
      expect(line).not.toContain('\n');
    } finally {
      process.env = saved;
    }
  }, 60_000);
});
