import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { fail, ok, type InventoryHost, type PlanError, type Result } from '../../core/plan';
import { emptyModel, group, resolveAnsible, type AnsibleModel } from './ansible-model';

/**
 * An Ansible YAML inventory: top-level groups (usually `all`), each with optional `hosts`
 * (name -> vars), `vars` and `children` (name -> group), nested to any depth.
 */
export function parseAnsibleYaml(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const pos = (node: unknown) => {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    const p = lines.linePos(r ? r[0] : 0);
    return { line: p.line, col: p.col };
  };
  const errors: PlanError[] = doc.errors.map((e) => {
    const p = lines.linePos(e.pos[0]);
    return { file, line: p.line, col: p.col, message: `syntax: ${e.message.split('\n')[0] ?? ''}` };
  });
  if (errors.length > 0) {
    return fail(errors);
  }
  const model = emptyModel();
  const err = (node: unknown, message: string) => errors.push({ file, ...pos(node), message });
  const walkGroup = (name: string, node: unknown, at: unknown) => {
    const g = group(model, name, pos(at));
    if (node === null || (isScalar(node) && node.value === null)) {
      return;
    }
    if (!isMap(node)) {
      err(node ?? at, `group '${name}': expected a mapping with hosts, vars, children`);
      return;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (key === 'hosts') {
        forEachEntry(value, pair.key, err, (host, vars, hostKey) => {
          g.hosts.set(host, { ...(g.hosts.get(host) ?? {}), ...scalarVars(vars, host, err) });
          if (!model.hostPos.has(host)) {
            model.hostPos.set(host, pos(hostKey));
          }
        });
      } else if (key === 'vars') {
        Object.assign(g.vars, scalarVars(value, `group '${name}'`, err));
      } else if (key === 'children') {
        forEachEntry(value, pair.key, err, (child, childNode, childKey) => {
          g.children.push(child);
          walkGroup(child, childNode, childKey);
        });
      } else {
        err(
          pair.key,
          `unknown key '${key}' in group '${name}' (expected one of: hosts, vars, children)`,
        );
      }
    }
  };
  const root = doc.contents;
  if (!isMap(root)) {
    return fail([
      {
        file,
        line: 1,
        col: 1,
        message: 'expected a mapping of groups (e.g. all: {hosts: ..., children: ...})',
      },
    ]);
  }
  for (const pair of root.items) {
    walkGroup(isScalar(pair.key) ? String(pair.key.value) : '', pair.value, pair.key);
  }
  if (errors.length > 0) {
    return fail(errors);
  }
  const resolved = resolveAnsible(model as AnsibleModel, file);
  return resolved.errors.length > 0 ? fail(resolved.errors) : ok(resolved.hosts);
}

type Err = (node: unknown, message: string) => void;

function forEachEntry(
  node: unknown,
  at: unknown,
  err: Err,
  f: (key: string, value: unknown, keyNode: unknown) => void,
) {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
    return;
  }
  if (!isMap(node)) {
    err(node, 'expected a mapping of names');
    return;
  }
  for (const pair of (node as YAMLMap).items) {
    f(isScalar(pair.key) ? String(pair.key.value) : '', pair.value, pair.key ?? at);
  }
}

/** Variables as strings; lists and mappings cannot become labels and are skipped. */
function scalarVars(node: unknown, owner: string, err: Err): Record<string, string> {
  const out: Record<string, string> = {};
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
    return out;
  }
  if (!isMap(node)) {
    err(node, `${owner}: expected a mapping of variables`);
    return out;
  }
  for (const pair of node.items) {
    if (isScalar(pair.key) && isScalar(pair.value)) {
      out[String(pair.key.value)] = String(pair.value.value);
    }
  }
  return out;
}
