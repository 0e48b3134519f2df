import type { InventoryHost, PlanError, SourcePos } from '../../core/plan';

/** One Ansible group as both inventory syntaxes describe it. */
export interface AnsibleGroup {
  readonly hosts: Map<string, Record<string, string>>;
  readonly vars: Record<string, string>;
  readonly children: string[];
}

/** Groups plus where each host was first declared. */
export interface AnsibleModel {
  readonly groups: Map<string, AnsibleGroup>;
  readonly hostPos: Map<string, SourcePos>;
  readonly groupPos: Map<string, SourcePos>;
}

/** A fresh, empty model. */
export function emptyModel(): AnsibleModel {
  return { groups: new Map(), hostPos: new Map(), groupPos: new Map() };
}

/** The group named `name`, created on first mention as Ansible does. */
export function group(model: AnsibleModel, name: string, pos: SourcePos): AnsibleGroup {
  let g = model.groups.get(name);
  if (!g) {
    g = { hosts: new Map(), vars: {}, children: [] };
    model.groups.set(name, g);
    model.groupPos.set(name, pos);
  }
  return g;
}

/**
 * Resolves groups into hosts the way Ansible layers variables: `all`, then parent groups
 * before their children, then host vars. `ansible_host/port/user/ssh_private_key_file` fill
 * the connection fields; other `ansible_*` vars are dropped; the rest become labels, and
 * membership of group G becomes the label `group.G: "true"`.
 */
export function resolveAnsible(
  model: AnsibleModel,
  file: string,
): { hosts: InventoryHost[]; errors: PlanError[] } {
  const errors: PlanError[] = [];
  const depth = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const [name, g] of model.groups) {
    for (const c of g.children) {
      parents.set(c, [...(parents.get(c) ?? []), name]);
    }
  }
  const depthOf = (name: string, stack: string[]): number => {
    const known = depth.get(name);
    if (known !== undefined) {
      return known;
    }
    if (stack.includes(name)) {
      const p = model.groupPos.get(name) ?? { line: 1, col: 1 };
      errors.push({
        file,
        ...p,
        message: `group '${name}' is its own ancestor (${[...stack, name].join(' -> ')})`,
      });
      return 0;
    }
    const ps = parents.get(name) ?? (name === 'all' ? [] : ['all']);
    const d = ps.length === 0 ? 0 : 1 + Math.max(...ps.map((p) => depthOf(p, [...stack, name])));
    depth.set(name, d);
    return d;
  };
  const ancestors = (name: string, seen = new Set<string>()): Set<string> => {
    if (!seen.has(name)) {
      seen.add(name);
      for (const p of parents.get(name) ?? []) {
        ancestors(p, seen);
      }
    }
    return seen;
  };
  const hosts: InventoryHost[] = [];
  for (const [host, pos] of model.hostPos) {
    const direct = [...model.groups].filter(([, g]) => g.hosts.has(host)).map(([n]) => n);
    const all = new Set<string>(['all']);
    for (const d of direct) {
      ancestors(d).forEach((a) => all.add(a));
    }
    const ordered = [...all].sort((a, b) => depthOf(a, []) - depthOf(b, []) || (a < b ? -1 : 1));
    const vars: Record<string, string> = {};
    for (const g of ordered) {
      Object.assign(vars, model.groups.get(g)?.vars ?? {});
    }
    for (const d of direct) {
      Object.assign(vars, model.groups.get(d)?.hosts.get(host) ?? {});
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) {
      if (!k.startsWith('ansible_')) {
        labels[k] = v;
      }
    }
    for (const g of all) {
      if (g !== 'all' && g !== 'ungrouped') {
        labels[`group.${g}`] = 'true';
      }
    }
    const port = vars.ansible_port === undefined ? undefined : Number(vars.ansible_port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      errors.push({
        file,
        ...pos,
        message: `host '${host}': invalid ansible_port '${vars.ansible_port ?? ''}' (expected 1-65535)`,
      });
      continue;
    }
    hosts.push({
      name: host,
      ...(vars.ansible_host !== undefined ? { address: vars.ansible_host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(vars.ansible_user !== undefined ? { user: vars.ansible_user } : {}),
      ...(vars.ansible_ssh_private_key_file !== undefined
        ? { identityFile: vars.ansible_ssh_private_key_file }
        : {}),
      labels,
      pos,
    });
  }
  return { hosts, errors };
}
