/**
 * The Connections view's known hosts are looked up where `ringside hosts` (and so `run`)
 * says each host is reached: one resolver environment, not a copy of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownHostsName } from '../../src-main/adapters/ssh/known-hosts';
import { reachOf, sshTargetEnv } from '../../src-main/adapters/ssh/target-env';
import { knownHostsForPlan } from '../../src-main/app/plan-known-hosts';
import type { Host } from '../../src-main/core/model/host';
import type { RolloutPlan } from '../../src-main/core/model/plan';

const dir = mkdtempSync(join(tmpdir(), 'ringside-plan-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = (name: string, address: string, port = 22): Host => ({
  name,
  address,
  port,
  labels: {},
});

describe('known hosts of a plan', () => {
  it('are found under the name the one resolver gives each host', async () => {
    const sshConfig = join(dir, 'config');
    writeFileSync(
      sshConfig,
      [
        'Host web-1',
        '  HostName 10.0.0.11',
        '  Port 2201',
        'Match originalhost web-2',
        '  HostName 10.0.0.12',
        'Host db-*',
        '  Port 2299',
        'Host *',
        '  User deploy',
        '',
      ].join('\n'),
    );
    const hosts = [host('web-1', 'web-1'), host('web-2', 'web-2'), host('db-1', '10.0.1.1')];
    const env = sshTargetEnv({ sshConfig });
    const names = hosts.map((h) => {
      const r = reachOf(h, env);
      return r.ok ? knownHostsName(r.reach.address, r.reach.port) : `unresolved ${r.reason}`;
    });
    expect(names).toEqual(['[10.0.0.11]:2201', '10.0.0.12', '10.0.1.1']);
    const keys = hosts.map((_, i) => Buffer.from(`key-${i}`.repeat(8)).toString('base64'));
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, names.map((n, i) => `${n} ssh-ed25519 ${keys[i]}\n`).join(''));
    const rows = await knownHostsForPlan({ hosts } as unknown as RolloutPlan, {
      sshConfig,
      knownHostsFiles: [knownHosts],
      ringsideKnownHostsFile: join(dir, 'none'),
    });
    expect(rows.map((r) => [r.host, r.keyType])).toEqual([
      ['web-1', 'ssh-ed25519'],
      ['web-2', 'ssh-ed25519'],
      ['db-1', 'ssh-ed25519'],
    ]);
  });
});
