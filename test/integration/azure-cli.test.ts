/**
 * The Azure proof of issue 14 through the CLI: `ringside run examples/azure.yaml --sim`
 * reads its inventory from a simulated Azure it starts itself and walks Azure's platform
 * update domains one at a time, in order; `ringside sim --cloud azure` prints an
 * environment with which `ringside hosts` (another process, NODE_EXTRA_CA_CERTS and
 * DefaultAzureCredential's environment path) lists the simulated VMs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveJournalPath } from '../../src-main/adapters/journal';
import { runCliCaptured } from '../helpers/cli-io';
import {
  REPO_ROOT,
  describeRun,
  journalEvents,
  killAllRingside,
  ofType,
  ringside,
  spawnRingside,
  waitFor,
} from '../helpers/ringside-cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'ringside-azure-cli-'));
afterAll(() => {
  killAllRingside();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Azure through the CLI', () => {
  it('run --sim walks Azure update domains one at a time, in UD order, and exits 0', async () => {
    const journal = path.join(tmp, 'journal');
    const r = await runCliCaptured(
      [
        'run',
        'examples/azure.yaml',
        '--sim',
        '--auto-promote',
        '--until',
        'end',
        '--journal',
        journal,
      ],
      { cwd: REPO_ROOT },
    );
    expect(r.code, [...r.out, ...r.err].slice(-10).join('\n')).toBe(0);
    expect(r.out).toContain('finished: every ring deployed and accepted');
    const events = await journalEvents(journal);
    const created = ofType(events, 'RolloutCreated')[0];
    expect(created?.plan.hosts).toHaveLength(30);
    expect(created?.plan.hosts.find((h) => h.name === 'rg-web-neu-vmss_2')?.labels).toMatchObject({
      'azure.vmss': 'rg-web-neu-vmss',
      'azure.updateDomain': expect.stringMatching(/^[0-4]$/),
      'azure.faultDomain': expect.stringMatching(/^[0-2]$/),
    });
    // One domain at a time: each DomainStarted follows the previous domain's completion.
    let open: string | null = null;
    const walked: Record<string, string[]> = {};
    for (const e of events) {
      if (e.type === 'DomainStarted') {
        expect(open, `domain ${e.ring}/${e.domain} started while ${open ?? ''} ran`).toBeNull();
        open = `${e.ring}/${e.domain}`;
        (walked[e.ring] ??= []).push(e.domain);
      } else if (e.type === 'DomainCompleted') {
        expect(`${e.ring}/${e.domain}`).toBe(open);
        open = null;
      }
    }
    expect(walked.broad).toEqual(['0', '1', '2', '3', '4']);
    expect(walked.canary).toEqual([...(walked.canary ?? [])].sort());
    // Nothing of the credential reaches the journal.
    const text = readFileSync(resolveJournalPath(journal).file, 'utf8');
    expect(text).not.toContain('sim-client-secret');
    expect(text).not.toMatch(/Bearer|access_token|eyJ0eXAi/);
  }, 120_000);

  it('sim --cloud azure prints the environment with which hosts lists the VMs', async () => {
    const sim = spawnRingside([
      'sim',
      '--cloud',
      'azure',
      '--hosts',
      '6',
      '--address',
      '127.14.7.1',
    ]);
    await waitFor(
      () => sim.stdout().includes('NODE_EXTRA_CA_CERTS'),
      'the simulated Azure environment',
      60_000,
      () => sim.child.exitCode !== null,
    );
    const env: Record<string, string> = {};
    for (const line of sim.stdout().trim().split('\n')) {
      const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
      expect(m, line).not.toBeNull();
      env[m?.[1] ?? ''] = m?.[2] ?? '';
    }
    expect(Object.keys(env).sort()).toEqual([
      'AZURE_AUTHORITY_HOST',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_TENANT_ID',
      'NODE_EXTRA_CA_CERTS',
      'RINGSIDE_AZURE_ARM_ENDPOINT',
    ]);
    const plan = path.join(tmp, 'azure-sim.yaml');
    writeFileSync(
      plan,
      readFileSync(path.join(REPO_ROOT, 'examples', 'azure.yaml'), 'utf8')
        .replace(/resourceGroups: .*/, 'resourceGroups: [rg-ringside-sim]')
        .replace('user: azureuser', 'user: azureuser\n    port: 2222'),
    );
    const r = await ringside(['hosts', plan, '--json'], { env: { ...env, HOME: tmp } });
    sim.child.kill('SIGTERM');
    await sim.done;
    expect(r.code, describeRun(r)).toBe(0);
    const { hosts } = JSON.parse(r.stdout) as {
      hosts: { name: string; address: string; port: number }[];
    };
    expect(hosts.map((h) => [h.name, h.address, h.port])).toEqual([
      ['rg-ringside-sim-vm-01', '127.14.7.1', 2222],
      ['rg-ringside-sim-vm-02', '127.14.7.2', 2222],
      ['rg-ringside-sim-vm-03', '127.14.7.3', 2222],
      ['rg-ringside-sim-vmss_0', '127.14.7.4', 2222],
      ['rg-ringside-sim-vmss_1', '127.14.7.5', 2222],
      ['rg-ringside-sim-vmss_2', '127.14.7.6', 2222],
    ]);
  }, 120_000);

  it('hosts without credentials says which chain failed and how to log in, exit 2', async () => {
    const r = await ringside(['hosts', 'examples/azure.yaml'], { env: { HOME: tmp } });
    expect(r.code, describeRun(r)).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^examples\/azure\.yaml:\d+:\d+: fleet\.inventories\[0\] \(azure, rg-web-weu, rg-web-neu\): no Azure credential answered \(DefaultAzureCredential .*EnvironmentCredential is unavailable.*Azure CLI could not be found.*; log in with 'az login'/,
    );
  }, 120_000);
});
