import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadPlanFromFile,
  parseAnsibleIni,
  parseAnsibleYaml,
  parseCsv,
} from '../../src-main/adapters/inventory';
import type { InventoryHost } from '../../src-main/core/plan';

const names = (r: { ok: boolean; value?: InventoryHost[]; error?: unknown }) =>
  r.ok ? (r.value ?? []).map((h) => h.name) : r.error;
const host = (r: ReturnType<typeof parseAnsibleIni>, name: string) =>
  r.ok ? r.value.find((h) => h.name === name) : undefined;

describe('Ansible INI: host patterns as ansible-inventory reads them', () => {
  it('expands letter ranges, strides, several ranges and empty begins', () => {
    expect(names(parseAnsibleIni('db-[a:c].example.com\n', 'i'))).toEqual([
      'db-a.example.com',
      'db-b.example.com',
      'db-c.example.com',
    ]);
    expect(names(parseAnsibleIni('node[0:10:4]\n', 'i'))).toEqual(['node0', 'node4', 'node8']);
    expect(names(parseAnsibleIni('r[1:2]-h[a:b]\n', 'i'))).toEqual([
      'r1-ha',
      'r1-hb',
      'r2-ha',
      'r2-hb',
    ]);
    expect(names(parseAnsibleIni('w[:1]\n', 'i'))).toEqual(['w0', 'w1']);
  });
  it('splits host:port and [IPv6]:port, and keeps a bare IPv6 address whole', () => {
    const r = parseAnsibleIni('web1:2222\n[2001:db8::12]:2201\n2001:db8::7\n', 'i');
    expect(names(r)).toEqual(['web1', '2001:db8::12', '2001:db8::7']);
    expect(host(r, 'web1')?.port).toBe(2222);
    expect(host(r, '2001:db8::12')?.port).toBe(2201);
    expect(host(r, '2001:db8::7')?.port).toBeUndefined();
  });
  it('reads the ansible_ssh_* spellings, the ssh_ one winning as in the ssh plugin', () => {
    const r = parseAnsibleIni(
      'h1 ansible_ssh_host=10.0.0.1 ansible_ssh_port=2200 ansible_ssh_user=ops ansible_ssh_private_key_file=~/.ssh/k ansible_host=ignored\n',
      'i',
    );
    expect(host(r, 'h1')).toMatchObject({
      address: '10.0.0.1',
      port: 2200,
      user: 'ops',
      identityFile: '~/.ssh/k',
    });
  });
  it('allows a comment after a child group name and after section headers', () => {
    const r = parseAnsibleIni('[leaf]\nh1\n[top:children] # parents\nleaf   # comment\n', 'i');
    expect(host(r, 'h1')?.labels).toEqual({ 'group.leaf': 'true', 'group.top': 'true' });
  });
  it('layers group variables by depth, then ansible_group_priority, then name; host vars last', () => {
    const r = parseAnsibleIni(
      [
        '[a]',
        'h1 zone=host',
        'h2',
        '[b]',
        'h1',
        'h2',
        '[a:vars]',
        'tier=a',
        'ansible_group_priority=5',
        '[b:vars]',
        'tier=b',
        'zone=b',
        '[all:vars]',
        'tier=all',
        'rack=all',
      ].join('\n'),
      'i',
    );
    expect(host(r, 'h1')?.labels).toMatchObject({ tier: 'a', zone: 'host', rack: 'all' });
    expect(host(r, 'h2')?.labels).toMatchObject({ tier: 'a', zone: 'b' });
  });
  it('refuses what Ansible refuses, and connection settings Ringside does not follow', () => {
    const errs = (t: string) => {
      const r = parseAnsibleIni(t, 'i');
      return r.ok ? [] : r.error.map((e) => `${e.line}:${e.col} ${e.message}`);
    };
    expect(errs('[a:children]\nmissing\n')[0]).toMatch(/^2:1 \[a:children\] names group 'missing'/);
    expect(errs('h[1:3:0]\n')[0]).toMatch(/^1:1 host range step must be a positive number/);
    expect(errs('h1 ansible_connection=winrm\n')[0]).toMatch(
      /ansible_connection=winrm is not supported/,
    );
    expect(errs('h1 ansible_ssh_common_args="-o ProxyCommand=x"\n')[0]).toMatch(
      /ansible_ssh_common_args is not supported by Ringside/,
    );
    expect(errs('h1 ansible_password=secret\n')[0]).toMatch(/never reads passwords/);
    expect(errs('[web]\nh1\n[db]\nweb:2222 ansible_user=x\n')[0]).toMatch(
      /^4:1 host 'web' has the same name as group 'web'/,
    );
  });
});

describe('Ansible YAML', () => {
  it('honours anchors and merge keys (<<: *defaults), own keys winning', () => {
    const r = parseAnsibleYaml(
      [
        'all:',
        '  vars:',
        '    x-defaults: &defaults { ansible_user: deploy, ansible_port: 2222, zone: a }',
        '  hosts:',
        '    h1:',
        '      <<: *defaults',
        '      zone: b',
        '    "web[1:2]:2200":',
      ].join('\n'),
      'y',
    );
    expect(r.ok && r.value.map((h) => [h.name, h.user, h.port, h.labels.zone])).toEqual([
      ['h1', 'deploy', 2222, 'b'],
      ['web1', undefined, 2200, undefined],
      ['web2', undefined, 2200, undefined],
    ]);
  });
  it('refuses a dynamic inventory plugin file with what to do', () => {
    const r = parseAnsibleYaml('plugin: amazon.aws.aws_ec2\nregions: [us-east-1]\n', 'aws.yml');
    expect(!r.ok && r.error[0]?.message).toMatch(
      /^dynamic inventory plugins are not supported .*ansible-inventory -i aws\.yml --list --yaml > hosts\.yaml/,
    );
  });
});

describe('every format: host names and labels by one rule', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ringside-inv-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const plan = (inv: string, format?: string) => {
    const dir = mkdtempSync(join(tmp, 'p-'));
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'release: { name: web, version: 1, previous: 0 }',
        `fleet: { inventories: [{ path: ${inv}${format ? `, format: ${format}` : ''} }] }`,
        'domains: { count: 1 }',
        'rings: [{ name: all, select: { rest: true }, bake: 0s }]',
        "deploy: { steps: [{ name: s, command: 'true', timeout: 5s }] }",
      ].join('\n'),
    );
    return dir;
  };
  it('refuses $(...), -oProxyCommand= and newlines in CSV host names, as the inline schema does', async () => {
    for (const bad of ['"$(reboot)"', '-oProxyCommand=evil', '"a\nb"']) {
      const dir = plan('hosts.csv');
      writeFileSync(join(dir, 'hosts.csv'), `name,address\n${bad},10.0.0.1\n`);
      const r = await loadPlanFromFile(join(dir, 'plan.yaml'));
      expect(!r.ok && r.error[0]?.message, bad).toMatch(
        /^host name .* is not a DNS name or IP address/,
      );
      expect(!r.ok && r.error[0]?.line).toBe(2);
    }
    const direct = parseCsv('name,address\nok1,10.0.0.1\n', 'c');
    expect(direct.ok).toBe(true);
  });
  it('refuses executable inventories, #! scripts and group_vars/ beside an Ansible inventory', async () => {
    const exe = plan('hosts.ini');
    writeFileSync(join(exe, 'hosts.ini'), 'h1\n');
    chmodSync(join(exe, 'hosts.ini'), 0o755);
    const r1 = await loadPlanFromFile(join(exe, 'plan.yaml'));
    expect(!r1.ok && r1.error[0]?.message).toMatch(
      /inventory scripts are not run by Ringside .*executable/,
    );
    const script = plan('inv.ini');
    writeFileSync(join(script, 'inv.ini'), '#!/usr/bin/env python3\nprint("{}")\n');
    const r2 = await loadPlanFromFile(join(script, 'plan.yaml'));
    expect(!r2.ok && r2.error[0]?.message).toMatch(
      /inventory scripts are not run by Ringside .*#!/,
    );
    const gv = plan('hosts.ini');
    writeFileSync(join(gv, 'hosts.ini'), 'h1\n');
    mkdirSync(join(gv, 'group_vars'));
    const r3 = await loadPlanFromFile(join(gv, 'plan.yaml'));
    expect(!r3.ok && r3.error[0]?.message).toMatch(
      /Ansible would also read group_vars\/ beside it/,
    );
  });
});

describe('ssh_config inventories', () => {
  it('reads `Host a # note` as the one host a, and refuses ProxyCommand it cannot carry', async () => {
    const { parseSshConfig } = await import('../../src-main/adapters/inventory');
    const r = parseSshConfig('Host a # note\n  HostName a.example   # where\n', 'cfg');
    expect(r.ok && r.value.map((h) => [h.name, h.address])).toEqual([['a', 'a.example']]);
    const p = parseSshConfig('Host b\n  ProxyCommand nc %h %p\n', 'cfg');
    expect(!p.ok && p.error[0]?.message).toMatch(
      /'ProxyCommand' is not carried by ssh_config inventories/,
    );
  });
});
