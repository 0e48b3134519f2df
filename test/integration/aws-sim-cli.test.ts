/**
 * `ringside sim --cloud aws` prints the environment another tool exports; with it,
 * `ringside hosts` (the production path: AWS_ENDPOINT_URL and the SDK's default chain) lists
 * the simulated instances, each an SSH host at its own loopback address.
 */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAllRingside, ringside, spawnRingside, waitFor } from '../helpers/ringside-cli';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-aws-sim-cli-'));
afterAll(() => {
  killAllRingside();
  rmSync(tmp, { recursive: true, force: true });
});

function sshBanner(address: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: address, port }, () => undefined);
    s.once('data', (d) => {
      resolve(d.toString('utf8').split('\r\n')[0] ?? '');
      s.destroy();
    });
    s.once('error', reject);
  });
}

describe('ringside sim --cloud aws', () => {
  it('exports AWS_ENDPOINT_URL and test keys; ringside hosts then lists the instances', async () => {
    // An address block and port of its own: other simulated fleets may run on this machine.
    const port = 20_000 + (process.pid % 20_000);
    const sim = spawnRingside(
      [
        'sim',
        '--cloud',
        'aws',
        '--hosts',
        '6',
        '--address',
        '127.77.0.1',
        '--port',
        String(port),
        '--metrics-port',
        String(port + 1),
      ],
      { env: { HOME: join(tmp, 'home') } },
    );
    let ended = false;
    void sim.done.then(() => (ended = true));
    try {
      await waitFor(
        () => sim.stderr().includes('Ctrl-C to stop'),
        'the simulated AWS',
        60_000,
        () => ended,
      );
      const env: Record<string, string> = {};
      for (const line of sim.stdout().trim().split('\n')) {
        const m = /^export ([A-Z0-9_]+)='([^']*)'$/.exec(line);
        expect(m, line).not.toBeNull();
        env[m?.[1] ?? ''] = m?.[2] ?? '';
      }
      expect(Object.keys(env).sort()).toEqual(
        [
          'AWS_ACCESS_KEY_ID',
          'AWS_EC2_METADATA_DISABLED',
          'AWS_ENDPOINT_URL',
          'AWS_REGION',
          'AWS_SECRET_ACCESS_KEY',
        ].sort(),
      );
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await ringside(['hosts', 'examples/aws.yaml', '--json'], {
        env: {
          ...env,
          HOME: join(tmp, 'home'),
          AWS_CONFIG_FILE: join(tmp, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'),
        },
      });
      expect(r.stderr).toBe('');
      const hosts = (
        JSON.parse(r.stdout) as {
          hosts: { name: string; address: string; labels: Record<string, string> }[];
        }
      ).hosts;
      expect(hosts).toHaveLength(6);
      expect(new Set(hosts.map((h) => h.labels['aws.region']))).toEqual(
        new Set(['us-east-1', 'eu-west-1']),
      );
      expect(
        hosts.every((h) => /^i-0[0-9a-f]{16}$/.test(h.name) && h.address.startsWith('127.77.0.')),
      ).toBe(true);
      expect(await sshBanner(hosts[0]?.address ?? '', port)).toMatch(/^SSH-2\.0-/);
    } finally {
      sim.child.kill('SIGTERM');
      await sim.done;
    }
  }, 120_000);
});
