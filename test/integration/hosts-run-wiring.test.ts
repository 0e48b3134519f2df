/**
 * `ringside hosts` and `ringside run` share one resolver: a plan host named by an ssh_config
 * alias that only ~/.ssh/config turns into a reachable sshd (HostName, Port, User,
 * IdentityFile). `hosts --json` must print that endpoint, and `run` must reach exactly it:
 * nothing else listens there, and the sshd accepts only that user and key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { describeRun, ringside } from '../helpers/ringside-cli';
import { runIn, sshHost } from '../helpers/ssh-rollout';
import { useSshFleet } from '../helpers/ssh-suite';

const suite = useSshFleet(1, 81);

describe('ringside hosts and ringside run resolve hosts with one resolver', () => {
  it('run connects exactly where hosts --json says, through ~/.ssh/config', async () => {
    const w = suite.workspace();
    const sshd = suite.at(0);
    w.writeKnownHosts([sshd.knownHostsLine]);
    writeFileSync(
      path.join(w.home, '.ssh', 'config'),
      [
        'Host web-alias',
        `  HostName ${sshd.address}`,
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        '  IdentityFile ~/.ssh/id_ed25519',
        '',
      ].join('\n'),
    );
    const planFile = w.writePlan([sshHost(sshd, 'h01', 'canary', 'a', '')], [{ name: 'canary' }]);
    // The plan names only the alias: no address, port, user or key of its own.
    const doc = YAML.parse(readFileSync(planFile, 'utf8')) as {
      fleet: { hosts: Record<string, unknown>[] };
    };
    doc.fleet.hosts = doc.fleet.hosts.map(({ port: _p, user: _u, identityFile: _i, ...h }) => ({
      ...h,
      address: 'web-alias',
    }));
    writeFileSync(planFile, YAML.stringify(doc));

    const listed = await ringside(['hosts', planFile, '--json'], { env: w.env });
    expect(listed.code, describeRun(listed)).toBe(0);
    const { hosts } = JSON.parse(listed.stdout) as {
      hosts: {
        name: string;
        address: string;
        port: number;
        user: string;
        identityFiles: string[];
      }[];
    };
    expect(hosts).toEqual([
      expect.objectContaining({
        name: 'h01',
        address: sshd.address,
        port: sshd.port,
        user: sshd.user,
        identityFiles: [path.join(w.home, '.ssh', 'id_ed25519')],
        proxyJump: [],
        proxyCommand: null,
      }),
    ]);

    const run = await runIn(w, planFile, '--auto-promote');
    expect(run.code, describeRun(run)).toBe(0);
    expect(
      w
        .execLog()
        .filter((l) => l.step === 'install')
        .map((l) => l.host),
    ).toEqual(['h01']);
  }, 120_000);

  it('connects through ssh_config ProxyCommand (run by /bin/sh, its stdio the connection)', async () => {
    const w = suite.workspace();
    const sshd = suite.at(0);
    // The host key is checked under the HostName, which only the proxy command can reach.
    const key = sshd.knownHostsLine.split(' ').slice(1).join(' ');
    w.writeKnownHosts([`[via-proxy.invalid]:${sshd.port} ${key}`]);
    const proxy = path.join(w.root, 'proxy.cjs');
    writeFileSync(
      proxy,
      [
        "const net = require('node:net');",
        "require('node:fs').appendFileSync(process.argv[4], process.argv.slice(2, 4).join(' ') + '\\n');",
        `const s = net.connect(${sshd.port}, '${sshd.address}');`,
        'process.stdin.pipe(s);',
        's.pipe(process.stdout);',
      ].join('\n'),
    );
    const seen = path.join(w.root, 'proxy.log');
    writeFileSync(
      path.join(w.home, '.ssh', 'config'),
      [
        'Host proxied',
        '  HostName via-proxy.invalid',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  ProxyCommand ${process.execPath} ${proxy} %h %p ${seen}`,
        '',
      ].join('\n'),
    );
    const planFile = w.writePlan([sshHost(sshd, 'h01', 'canary', 'a', '')], [{ name: 'canary' }]);
    const doc = YAML.parse(readFileSync(planFile, 'utf8')) as {
      fleet: { hosts: Record<string, unknown>[] };
    };
    doc.fleet.hosts = doc.fleet.hosts.map(({ port: _p, user: _u, identityFile: _i, ...h }) => ({
      ...h,
      address: 'proxied',
    }));
    writeFileSync(planFile, YAML.stringify(doc));

    const listed = await ringside(['hosts', planFile, '--json'], { env: w.env });
    expect(listed.code, describeRun(listed)).toBe(0);
    const { hosts } = JSON.parse(listed.stdout) as { hosts: Record<string, unknown>[] };
    expect(hosts[0]).toMatchObject({
      address: 'via-proxy.invalid',
      port: sshd.port,
      proxyCommand: `${process.execPath} ${proxy} via-proxy.invalid ${sshd.port} ${seen}`,
    });
    const run = await runIn(w, planFile, '--auto-promote');
    expect(run.code, describeRun(run)).toBe(0);
    expect(
      w
        .execLog()
        .filter((l) => l.step === 'install')
        .map((l) => l.host),
    ).toEqual(['h01']);
    expect(readFileSync(seen, 'utf8')).toContain(`via-proxy.invalid ${sshd.port}`);
  }, 120_000);
});
