/**
 * Ansible 2.14 as the oracle for inventories: `ansible-inventory --list` for a few files,
 * and, for hundreds of generated files in one process, the same library calls it makes
 * (InventoryManager, get_group_vars, combine_vars), driven by a short Python script. A test
 * that uses the batch driver also checks it against `ansible-inventory --list`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How Ansible sees one host: its variables (internal ones removed) and groups. */
export interface AnsibleHostView {
  readonly vars: Record<string, unknown>;
  readonly groups: string[];
}

/** One inventory file as Ansible reads it, or the error it stops with. */
export type AnsibleView =
  { readonly hosts: Record<string, AnsibleHostView> } | { readonly error: string };

const internal = new Set([
  'inventory_file',
  'inventory_dir',
  'inventory_hostname',
  'inventory_hostname_short',
  'group_names',
  'groups',
  'playbook_dir',
  'omit',
  'ansible_config_file',
  'ansible_playbook_python',
  'ansible_version',
  'ansible_facts',
]);

const driver = String.raw`
import sys, json
from ansible.parsing.dataloader import DataLoader
from ansible.inventory.manager import InventoryManager
from ansible.inventory.helpers import get_group_vars
from ansible.utils.vars import combine_vars
out = {}
loader = DataLoader()
for path in sys.argv[1:]:
    try:
        inv = InventoryManager(loader=loader, sources=[path])
        hosts = {}
        for h in inv.get_hosts():
            # What VariableManager.get_vars layers for inventory variables (all, the host's
            # groups sorted by depth, priority, name, then the host), minus its slow extras.
            v = combine_vars(get_group_vars(h.get_groups()), h.get_vars())
            hosts[h.name] = {'vars': dict(v), 'groups': sorted(g.name for g in h.get_groups())}
        out[path] = {'hosts': hosts}
    except Exception as e:
        out[path] = {'error': str(e)}
print(json.dumps(out, default=str))
`;

/** A private home for Ansible: no user config, no plugins, no tmp or cache outside it. */
export function ansibleEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
    ANSIBLE_HOME: join(dir, '.ansible'),
    ANSIBLE_INVENTORY_ENABLED: 'ini,yaml',
    ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_DUPLICATE_YAML_DICT_KEY: 'ignore',
  };
}

/** Throws with how to install it when ansible-inventory is missing (never skips). */
export function requireAnsible(): string {
  const r = spawnSync('ansible-inventory', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      'ansible-inventory is not installed: apt-get install -y --no-install-recommends ansible-core (.ci/run does)',
    );
  }
  return (r.stdout.split('\n')[0] ?? '').trim();
}

function clean(hosts: Record<string, AnsibleHostView>): Record<string, AnsibleHostView> {
  const out: Record<string, AnsibleHostView> = {};
  for (const [name, h] of Object.entries(hosts)) {
    out[name] = {
      vars: Object.fromEntries(Object.entries(h.vars).filter(([k]) => !internal.has(k))),
      groups: h.groups.filter((g) => g !== 'all'),
    };
  }
  return out;
}

/** Reads many inventory files in one Python process through Ansible's own library. */
export function ansibleBatch(files: readonly string[]): Map<string, AnsibleView> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-ansible-'));
  const script = join(dir, 'driver.py');
  writeFileSync(script, driver);
  const stdout = execFileSync('/usr/bin/python3', [script, ...files], {
    env: ansibleEnv(dir),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const raw = JSON.parse(stdout) as Record<
    string,
    { hosts?: Record<string, AnsibleHostView>; error?: string }
  >;
  const out = new Map<string, AnsibleView>();
  for (const f of files) {
    const r = raw[f];
    out.set(f, r?.hosts ? { hosts: clean(r.hosts) } : { error: r?.error ?? 'no answer' });
  }
  return out;
}

/** `ansible-inventory -i FILE --list`, reduced to the same shape as {@link ansibleBatch}. */
export function ansibleInventoryList(file: string): AnsibleView {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-ansible-'));
  const r = spawnSync('ansible-inventory', ['-i', file, '--list'], {
    env: ansibleEnv(dir),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    return { error: r.stderr };
  }
  const parsed = JSON.parse(r.stdout) as Record<string, unknown> & {
    _meta: { hostvars: Record<string, Record<string, unknown>> };
  };
  const hostvars = parsed._meta.hostvars;
  const list = Object.fromEntries(Object.entries(parsed).filter(([g]) => g !== '_meta')) as Record<
    string,
    { hosts?: string[]; children?: string[] }
  >;
  const parents = new Map<string, string[]>();
  for (const [g, v] of Object.entries(list)) {
    for (const c of v.children ?? []) {
      parents.set(c, [...(parents.get(c) ?? []), g]);
    }
  }
  const hosts: Record<string, AnsibleHostView> = {};
  const names = new Set<string>();
  for (const v of Object.values(list)) {
    (v.hosts ?? []).forEach((h) => names.add(h));
  }
  for (const h of names) {
    const groups = new Set<string>();
    const stack = Object.entries(list)
      .filter(([, v]) => (v.hosts ?? []).includes(h))
      .map(([g]) => g);
    while (stack.length > 0) {
      const g = stack.pop() ?? '';
      if (!groups.has(g)) {
        groups.add(g);
        stack.push(...(parents.get(g) ?? []));
      }
    }
    hosts[h] = { vars: hostvars[h] ?? {}, groups: [...groups].sort() };
  }
  return { hosts: clean(hosts) };
}
