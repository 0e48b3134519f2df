import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  expandRange,
  loadPlanFromFile,
  parseAnsibleIni,
  parseAnsibleYaml,
  parseCsv,
  parseHostList,
  parseInventory,
  parseSshConfig,
} from '../../src-main/adapters/inventory';
import type { InventoryHost, PlanError, Result } from '../../src-main/core/plan';

const root = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

function hostsOf(r: Result<InventoryHost[], PlanError[]>): InventoryHost[] {
  if (!r.ok) {
    throw new Error(r.error.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join('\n'));
  }
  return r.value;
}

function errorsOf(r: Result<InventoryHost[], PlanError[]>): string[] {
  return r.ok ? [] : r.error.map((e) => `${e.line}:${e.col}: ${e.message}`);
}

/** The essentials every format must carry for the demo fleet. */
const essentials = (hs: readonly InventoryHost[]) =>
  hs
    .map((h) => ({
      name: h.name,
      address: h.address,
      region: h.labels.region,
      zone: h.labels.zone,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

describe('the demo fleet in every inventory format', () => {
  it('Ansible INI, CSV and ssh_config all describe the 60 hosts of examples/demo.yaml', async () => {
    const demo = await loadPlanFromFile('examples/demo.yaml', { cwd: root });
    expect(demo.ok).toBe(true);
    const expected = essentials(
      (demo.ok ? demo.value.plan.hosts : []).map((h) => ({ ...h, pos: { line: 1, col: 1 } })),
    );
    expect(expected).toHaveLength(60);
    for (const f of ['hosts.ini', 'hosts.csv', 'ssh_config']) {
      const path = `examples/inventory/${f}`;
      const text = read(path);
      const format = detectFormat(path, text);
      expect(format, f).toBeDefined();
      const hosts = hostsOf(parseInventory(text, path, format ?? 'yaml'));
      expect(essentials(hosts), f).toEqual(expected);
    }
  });

  it('examples/demo-inventory.yaml (one region from each format) resolves to the same rings', async () => {
    const a = await loadPlanFromFile('examples/demo.yaml', { cwd: root });
    const b = await loadPlanFromFile('examples/demo-inventory.yaml', { cwd: root });
    expect(b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.value.plan.rings).toEqual(a.value.plan.rings);
      expect(b.value.plan.hosts.find((h) => h.name === 'use-a-01')?.origin).toBe(
        'examples/inventory/hosts.ini:5',
      );
    }
  });
});

describe('Ansible INI', () => {
  const ini = `# comment
ungrouped-1 ansible_host=10.0.0.1

[web]
web[01:03] ansible_port=2222 tier=front
web02 ansible_user=ops rack="r 7"

[web:vars]
tier=web
env=prod

[eu:children]
web

[eu:vars]
region=eu-west
env=staging
`;
  it('layers vars: all < parents < children < host, and turns groups into labels', () => {
    const hosts = hostsOf(parseAnsibleIni(ini, 'hosts.ini'));
    expect(hosts.map((h) => h.name)).toEqual(['ungrouped-1', 'web01', 'web02', 'web03']);
    const web02 = hosts.find((h) => h.name === 'web02');
    expect(web02).toMatchObject({
      port: 2222,
      user: 'ops',
      labels: {
        tier: 'front',
        env: 'prod',
        region: 'eu-west',
        rack: 'r 7',
        'group.web': 'true',
        'group.eu': 'true',
      },
      pos: { line: 5, col: 1 },
    });
    expect(hosts[0]).toMatchObject({ address: '10.0.0.1', pos: { line: 2, col: 1 } });
  });
  it('expands numeric ranges keeping zero padding', () => {
    expect(expandRange('db-[08:11].x')).toEqual(['db-08.x', 'db-09.x', 'db-10.x', 'db-11.x']);
  });
  it('reports malformed lines and bad ports with positions', () => {
    expect(errorsOf(parseAnsibleIni('[web]\nh1 ansible_host\n', 'i'))).toEqual([
      "2:4: expected key=value after the host name, got 'ansible_host'",
    ]);
    expect(errorsOf(parseAnsibleIni('[web:hostvars]\n', 'i'))[0]).toMatch(
      /^1:1: unknown section type ':hostvars'/,
    );
    expect(errorsOf(parseAnsibleIni('[web]\nh1 ansible_port=99999\n', 'i'))).toEqual([
      "2:1: host 'h1': invalid ansible_port '99999' (expected 1-65535)",
    ]);
  });
});

describe('Ansible YAML', () => {
  it('walks all/children/hosts/vars to any depth', () => {
    const text = `all:
  vars:
    env: prod
  children:
    eu:
      vars: { region: eu-west }
      children:
        eu_a:
          vars: { zone: a }
          hosts:
            h1: { ansible_host: h1.demo.invalid, ansible_port: 2201 }
            h2:
    us:
      hosts:
        h3: { region: us-east }
`;
    const hosts = hostsOf(parseAnsibleYaml(text, 'inv.yaml'));
    expect(hosts.map((h) => [h.name, h.address, h.port, h.labels, h.pos.line])).toEqual([
      [
        'h1',
        'h1.demo.invalid',
        2201,
        { env: 'prod', region: 'eu-west', zone: 'a', 'group.eu': 'true', 'group.eu_a': 'true' },
        11,
      ],
      [
        'h2',
        undefined,
        undefined,
        { env: 'prod', region: 'eu-west', zone: 'a', 'group.eu': 'true', 'group.eu_a': 'true' },
        12,
      ],
      ['h3', undefined, undefined, { env: 'prod', region: 'us-east', 'group.us': 'true' }, 15],
    ]);
    expect(detectFormat('inv.yaml', text)).toBe('ansible-yaml');
  });
  it('reports unknown keys in a group with their position', () => {
    expect(errorsOf(parseAnsibleYaml('all:\n  hostz:\n    h1:\n', 'inv.yaml'))).toEqual([
      "2:3: unknown key 'hostz' in group 'all' (expected one of: hosts, vars, children)",
    ]);
  });
});

describe('ssh_config', () => {
  it('takes concrete Host aliases, first match wins, wildcard blocks as defaults', () => {
    const text = `Host bastion
    HostName 127.0.0.9
Host web1 web2
    HostName %h.demo.invalid
    # ringside-labels: region=eu-west zone=b
Host web2
    Port 2202
    User second-block-loses
Host web*
    User deploy
    Port 2200
    IdentityFile ~/.ssh/demo_ed25519
    ProxyJump bastion
Host *
    User fallback
`;
    const hosts = hostsOf(parseSshConfig(text, 'ssh_config'));
    expect(hosts.map((h) => h.name)).toEqual(['bastion', 'web1', 'web2']);
    expect(hosts[1]).toEqual({
      name: 'web1',
      address: 'web1.demo.invalid',
      port: 2200,
      user: 'deploy',
      labels: { region: 'eu-west', zone: 'b' },
      identityFile: '~/.ssh/demo_ed25519',
      proxyJump: 'bastion',
      pos: { line: 3, col: 1 },
    });
    expect(hosts[2]).toMatchObject({ port: 2202, user: 'second-block-loses' });
    expect(hosts[0]).toMatchObject({ address: '127.0.0.9', user: 'fallback' });
  });
  it('refuses Match and Include with a position', () => {
    expect(errorsOf(parseSshConfig('Host a\n  Include other.conf\n', 'c'))).toEqual([
      "2:3: 'Include' is not supported in ssh_config inventories (expected Host blocks only)",
    ]);
  });
});

describe('CSV and YAML/JSON host lists', () => {
  it('reads a header, quoted fields and label columns', () => {
    const text =
      'name,address,port,rack,note\nh1,h1.demo.invalid,2201,7,"a, ""quoted"" note"\nh2,,,,\n';
    const hosts = hostsOf(parseCsv(text, 'h.csv'));
    expect(hosts).toEqual([
      {
        name: 'h1',
        address: 'h1.demo.invalid',
        port: 2201,
        labels: { rack: '7', note: 'a, "quoted" note' },
        pos: { line: 2, col: 1 },
      },
      { name: 'h2', labels: {}, pos: { line: 3, col: 1 } },
    ]);
  });
  it('reports a row with the wrong number of fields and a bad port', () => {
    expect(errorsOf(parseCsv('name,port\nh1\nh2,x\n', 'h.csv'))).toEqual([
      '2:1: expected 2 fields as in the header, got 1',
      "3:4: invalid port 'x' (expected 1-65535)",
    ]);
  });
  it('reads YAML and JSON host lists with schema errors at their position', () => {
    const yaml = 'hosts:\n  - { name: h1, address: h1.demo.invalid, labels: { zone: a } }\n';
    expect(hostsOf(parseHostList(yaml, 'h.yaml'))).toEqual([
      { name: 'h1', address: 'h1.demo.invalid', labels: { zone: 'a' }, pos: { line: 2, col: 13 } },
    ]);
    const json = '[\n  {"name": "h1", "address": "a", "zone": "a"}\n]\n';
    expect(errorsOf(parseHostList(json, 'h.json'))[0]).toMatch(/^2:\d+: unknown key 'zone'/);
  });
  it('names a bad value inside a host list at its place, not as "not a list"', () => {
    const list = '- name: a\n  address: a\n  labels:\n    k: null\n';
    expect(errorsOf(parseHostList(list, 'h.yaml'))).toEqual([
      '4:8: [0].labels.k: expected a label value (string, number or boolean)',
    ]);
    const wrapped = 'hosts:\n  - name: a\n    address: a\n    port: x\n';
    expect(errorsOf(parseHostList(wrapped, 'h.yaml'))).toEqual([
      '4:11: hosts[0].port: expected a port number (1-65535), got string "x"',
    ]);
  });
  it('refuses an alias with no anchor at its place instead of crashing', () => {
    const text = '- name: a\n  address: *addr\n';
    expect(errorsOf(parseHostList(text, 'h.yaml'))).toEqual([
      "2:12: YAML: unresolved alias '*addr' (expected an anchor '&addr' earlier in the file)",
    ]);
  });
  it('refuses a label named __proto__ instead of dropping it without a word', () => {
    const text = '- name: a\n  address: a\n  labels:\n    __proto__: x\n    zone: b\n';
    expect(errorsOf(parseHostList(text, 'h.yaml'))).toEqual([
      "4:16: [0].labels.__proto__: label name '__proto__' is reserved (expected another name)",
    ]);
  });
  it('keeps label values as written, as an inline plan host does', () => {
    const text = '- name: a\n  address: a\n  labels: { rack: 07, tier: 1.50 }\n';
    expect(hostsOf(parseHostList(text, 'h.yaml'))[0]?.labels).toEqual({ rack: '07', tier: '1.50' });
  });
});
