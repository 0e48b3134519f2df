import type { InventoryHost, PlanError, SourcePos } from '../../core/plan';

/** One Ansible group as both inventory syntaxes describe it. */
export interface AnsibleGroup {
  readonly name: string;
  /** Host names, in the order they joined the group. */
  readonly hosts: Set<string>;
  readonly vars: Map<string, string>;
  readonly children: Set<string>;
  /** `ansible_group_priority` (Ansible keeps it out of the variables). */
  priority: number;
  readonly pos: SourcePos;
}

/** One host: its own variables (Ansible keeps them per host, whichever group line set them). */
export interface AnsibleHostEntry {
  readonly vars: Map<string, string>;
  readonly pos: SourcePos;
  /** Where each variable was last set, for errors about its value. */
  /** Where a variable was set, when not on the host's own line (made on first need). */
  varPos?: Map<string, SourcePos>;
}

/** Groups and hosts of one inventory file, in declaration order. */
export interface AnsibleModel {
  readonly groups: Map<string, AnsibleGroup>;
  readonly hosts: Map<string, AnsibleHostEntry>;
}

/** A fresh model with Ansible's two implicit groups. */
export function emptyModel(): AnsibleModel {
  const model: AnsibleModel = { groups: new Map(), hosts: new Map() };
  group(model, 'all', { line: 1, col: 1 });
  group(model, 'ungrouped', { line: 1, col: 1 });
  return model;
}

/** The group named `name`, created on first mention as Ansible does. */
export function group(model: AnsibleModel, name: string, pos: SourcePos): AnsibleGroup {
  let g = model.groups.get(name);
  if (!g) {
    g = { name, hosts: new Set(), vars: new Map(), children: new Set(), priority: 1, pos };
    model.groups.set(name, g);
  }
  return g;
}

/**
 * `inventory.add_host(name, group, port)` then `set_variable` for each var: the port of a
 * `host:port` pattern is set only when the host is first created (Ansible's `Host(name, port)`),
 * later variables of any group line overwrite earlier ones on the host.
 */
export function addHost(
  model: AnsibleModel,
  groupName: string,
  name: string,
  port: number | undefined,
  vars: ReadonlyArray<readonly [string, string, SourcePos]>,
  pos: SourcePos,
): void {
  let h = model.hosts.get(name);
  if (!h) {
    h = { vars: new Map(), pos };
    model.hosts.set(name, h);
    if (port !== undefined) {
      h.vars.set('ansible_port', String(port));
    }
  }
  group(model, groupName, pos).hosts.add(name);
  for (const [k, v, at] of vars) {
    h.vars.set(k, v);
    if (at !== h.pos || h.varPos !== undefined) {
      h.varPos ??= new Map();
      h.varPos.set(k, at);
    }
  }
}

/** `group.set_variable`: `ansible_group_priority` sets the priority, anything else a var. */
export function setGroupVar(g: AnsibleGroup, key: string, value: string): string | undefined {
  if (key === 'ansible_group_priority') {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim())) {
      return `ansible_group_priority '${value}' is not a whole number`;
    }
    g.priority = n;
    return undefined;
  }
  g.vars.set(key, value);
  return undefined;
}

/**
 * Connection variables in the order Ansible's ssh connection plugin reads them: for each
 * option the LAST listed variable that is set wins (`ansible_ssh_host` over `ansible_host`).
 */
const connectionVars = {
  address: ['ansible_host', 'ansible_ssh_host'],
  port: ['ansible_port', 'ansible_ssh_port'],
  user: ['ansible_user', 'ansible_ssh_user'],
  identityFile: ['ansible_private_key_file', 'ansible_ssh_private_key_file'],
} as const;

/** Variables that would change how Ansible connects in ways Ringside does not follow. */
const refusedVars: Readonly<Record<string, string>> = {
  ansible_ssh_common_args: 'put ProxyJump/ProxyCommand and options in ~/.ssh/config instead',
  ansible_ssh_extra_args: 'put ProxyJump/ProxyCommand and options in ~/.ssh/config instead',
  ansible_ssh_args: 'put ProxyJump/ProxyCommand and options in ~/.ssh/config instead',
  ansible_password: 'Ringside never reads passwords from files: use ssh-agent or a key',
  ansible_ssh_pass: 'Ringside never reads passwords from files: use ssh-agent or a key',
  ansible_ssh_password: 'Ringside never reads passwords from files: use ssh-agent or a key',
};

const refusedVarList = Object.entries(refusedVars);

/**
 * Lookup over a host's own variables layered on its groups': one small class, not two
 * closures per host (100,000 hosts).
 */
class VarView {
  constructor(
    private readonly own: ReadonlyMap<string, string>,
    private readonly base: ReadonlyMap<string, string>,
  ) {}
  get(k: string): string | undefined {
    return this.own.get(k) ?? this.base.get(k);
  }
  has(k: string): boolean {
    return this.own.has(k) || this.base.has(k);
  }
}

/** Labels from layered group variables: the non-`ansible_` ones, and `group.G` per group. */
function labelsOf(
  vars: ReadonlyMap<string, string>,
  groups: readonly string[],
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of vars) {
    if (!k.startsWith('ansible_')) {
      labels[k] = v;
    }
  }
  for (const g of groups) {
    if (g !== 'ungrouped') {
      labels[`group.${g}`] = 'true';
    }
  }
  return labels;
}

function posOf(entry: AnsibleHostEntry, k: string): SourcePos {
  return entry.varPos?.get(k) ?? entry.pos;
}

function lastSet(vars: VarView, names: readonly string[]): string | undefined {
  let v: string | undefined;
  for (const n of names) {
    v = vars.get(n) ?? v;
  }
  return v;
}

/**
 * Resolves groups into hosts the way `ansible-inventory --list` layers variables: `all`,
 * then the host's other groups sorted by (depth, ansible_group_priority, name), then the
 * host's own variables. Connection variables fill address, port, user and identity file;
 * other `ansible_*` variables are dropped; the rest become labels, and membership of group G
 * becomes the label `group.G: "true"`.
 */
export function resolveAnsible(
  model: AnsibleModel,
  file: string,
): { hosts: InventoryHost[]; errors: PlanError[] } {
  const errors: PlanError[] = [];
  const parents = new Map<string, string[]>();
  for (const [name, g] of model.groups) {
    for (const c of g.children) {
      const list = parents.get(c);
      if (list) {
        list.push(name);
      } else {
        parents.set(c, [name]);
      }
    }
  }
  const depth = new Map<string, number>([['all', 0]]);
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) {
      return known;
    }
    if (visiting.has(name)) {
      const p = model.groups.get(name)?.pos ?? { line: 1, col: 1 };
      errors.push({ file, ...p, message: `group '${name}' is its own ancestor` });
      depth.set(name, 0);
      return 0;
    }
    visiting.add(name);
    const ps = (parents.get(name) ?? []).filter((p) => p !== 'all');
    const d = ps.length === 0 ? 1 : 1 + Math.max(...ps.map(depthOf));
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  const ancestorsCache = new Map<string, Set<string>>();
  const ancestors = (name: string): Set<string> => {
    const cached = ancestorsCache.get(name);
    if (cached) {
      return cached;
    }
    const out = new Set<string>([name]);
    const stack = [name];
    while (stack.length > 0) {
      for (const p of parents.get(stack.pop() ?? '') ?? []) {
        if (!out.has(p)) {
          out.add(p);
          stack.push(p);
        }
      }
    }
    ancestorsCache.set(name, out);
    return out;
  };
  const direct = new Map<string, string[]>();
  for (const [name, g] of model.groups) {
    for (const h of g.hosts) {
      const list = direct.get(h);
      if (list) {
        list.push(name);
      } else {
        direct.set(h, [name]);
      }
    }
  }
  const orderCache = new Map<
    string,
    { groups: string[]; vars: Map<string, string>; labels?: Record<string, string> }
  >();
  const hosts: InventoryHost[] = [];
  // Hosts declared in the same groups share the ancestor set, the layering order and the
  // layered variables: computed once per such list of groups, not once per host.
  const byDirect = new Map<string, NonNullable<ReturnType<typeof orderCache.get>>>();
  const layeredOf = (name: string) => {
    const directGroups = direct.get(name) ?? [];
    const directKey = directGroups.join('\n');
    const cached = byDirect.get(directKey);
    if (cached) {
      return cached;
    }
    const ownGroups = directGroups.filter((g) => g !== 'all');
    // Ansible drops 'ungrouped' from a host that is also in another group.
    const real = ownGroups.filter((g) => g !== 'ungrouped');
    const groupsOf = new Set<string>();
    for (const d of real.length > 0 ? real : ['ungrouped']) {
      ancestors(d).forEach((a) => groupsOf.add(a));
    }
    groupsOf.delete('all');
    const key = [...groupsOf].sort().join('\n');
    let layered = orderCache.get(key);
    if (!layered) {
      const sorted = [...groupsOf].sort((a, b) => {
        const ga = model.groups.get(a);
        const gb = model.groups.get(b);
        return (
          depthOf(a) - depthOf(b) ||
          (ga?.priority ?? 1) - (gb?.priority ?? 1) ||
          (a < b ? -1 : a > b ? 1 : 0)
        );
      });
      const vars = new Map(model.groups.get('all')?.vars ?? []);
      for (const g of sorted) {
        for (const [k, v] of model.groups.get(g)?.vars ?? []) {
          vars.set(k, v);
        }
      }
      layered = { groups: sorted, vars };
      orderCache.set(key, layered);
    }
    byDirect.set(directKey, layered);
    return layered;
  };
  for (const [name, entry] of model.hosts) {
    const layered = layeredOf(name);
    // Hosts of one group set share its layered variables; only their own ones are overlaid
    // (100,000 hosts must not mean 100,000 copies of the same map).
    const own = entry.vars;
    const base = layered.vars;
    const vars = new VarView(own, base);
    let refused = false;
    if (model.groups.has(name)) {
      // Ansible's set_variable looks groups up first: this host's variables would land on
      // the group (and every host in it), depending on which line came first.
      errors.push({
        file,
        ...entry.pos,
        message: `host '${name}' has the same name as group '${name}' (Ansible would give the host's variables to the group): rename one of them`,
      });
      refused = true;
    }
    for (const [k, why] of refusedVarList) {
      if (vars.has(k)) {
        errors.push({
          file,
          ...posOf(entry, k),
          message: `host '${name}': ${k} is not supported by Ringside (${why})`,
        });
        refused = true;
      }
    }
    const connection = vars.get('ansible_connection');
    if (connection !== undefined && !['ssh', 'smart', 'paramiko'].includes(connection)) {
      errors.push({
        file,
        ...posOf(entry, 'ansible_connection'),
        message: `host '${name}': ansible_connection=${connection} is not supported (Ringside connects over SSH only)`,
      });
      refused = true;
    }
    const portText = lastSet(vars, connectionVars.port);
    const port = portText === undefined ? undefined : Number(portText.trim());
    const portVar =
      vars.get('ansible_ssh_port') !== undefined ? 'ansible_ssh_port' : 'ansible_port';
    if (
      portText !== undefined &&
      !(/^\d+$/.test(portText.trim()) && port !== undefined && port >= 1 && port <= 65535)
    ) {
      errors.push({
        file,
        ...posOf(entry, portVar),
        message: `host '${name}': invalid ${portVar} '${portText}' (expected 1-65535)`,
      });
      refused = true;
    }
    if (refused) {
      continue;
    }
    layered.labels ??= labelsOf(base, layered.groups);
    let labels = layered.labels;
    // A copy only for hosts with labels of their own: `h1 ansible_host=...` shares its groups'.
    for (const [k, v] of own) {
      if (!k.startsWith('ansible_')) {
        if (labels === layered.labels) {
          labels = { ...labels };
        }
        labels[k] = v;
      }
    }
    const address = lastSet(vars, connectionVars.address);
    const user = lastSet(vars, connectionVars.user);
    const identityFile = lastSet(vars, connectionVars.identityFile);
    hosts.push({
      name,
      ...(address !== undefined ? { address } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(user !== undefined ? { user } : {}),
      ...(identityFile !== undefined ? { identityFile } : {}),
      labels,
      pos: entry.pos,
    });
  }
  return { hosts, errors };
}

/** The groups a resolved host belongs to (besides all), from its `group.G` labels. */
export function groupsOfLabels(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels)
    .filter((k) => k.startsWith('group.'))
    .map((k) => k.slice('group.'.length));
}
