import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import {
  checkAliasesAndDepth,
  fail,
  ok,
  type InventoryHost,
  type PlanError,
  type Result,
  type SourcePos,
} from '../../core/plan';
import { addHost, emptyModel, group, resolveAnsible, setGroupVar } from './ansible-model';
import { expandHostPattern, HostPatternError } from './ansible-hosts';

interface Entry {
  readonly key: string;
  readonly keyNode: unknown;
  readonly value: unknown;
}

/**
 * An Ansible YAML inventory as Ansible 2.14's `yaml` plugin reads it: top-level groups, each
 * with `hosts` (pattern -> vars; every range form and `host:port`), `vars` and `children`
 * (name -> group), anchors, aliases and merge keys (`<<: *defaults`). A `plugin:` file is a
 * dynamic inventory, which Ringside refuses with what to do instead.
 */
export function parseAnsibleYaml(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const pos = (node: unknown): SourcePos => {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    const p = lines.linePos(r ? r[0] : 0);
    return { line: p.line, col: p.col };
  };
  const errors: PlanError[] = doc.errors.map((e) => {
    const p = lines.linePos(e.pos[0]);
    return { file, line: p.line, col: p.col, message: `syntax: ${e.message.split('\n')[0] ?? ''}` };
  });
  if (errors.length === 0) {
    errors.push(...checkAliasesAndDepth(doc, lines, file));
  }
  if (errors.length > 0) {
    return fail(errors);
  }
  const model = emptyModel();
  const err = (node: unknown, message: string) => errors.push({ file, ...pos(node), message });
  const entries = (node: unknown): Entry[] => mapEntries(doc, node, err);
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const isNull = (node: unknown) =>
    node === null || node === undefined || (isScalar(node) && node.value === null);
  const walkGroup = (name: string, raw: unknown, at: unknown, depth: number) => {
    const node = deref(raw);
    if (depth > 64) {
      err(at, `group '${name}': groups nested deeper than 64 levels`);
      return;
    }
    const g = group(model, name, pos(at));
    if (isNull(node)) {
      return;
    }
    if (!isMap(node)) {
      err(node ?? at, `group '${name}': expected a mapping with hosts, vars, children`);
      return;
    }
    for (const { key, keyNode, value: rawValue } of entries(node)) {
      const value = deref(rawValue);
      if (key !== 'hosts' && key !== 'vars' && key !== 'children') {
        err(
          keyNode,
          `unknown key '${key}' in group '${name}' (expected one of: hosts, vars, children)`,
        );
        continue;
      }
      // Ansible reads `hosts: name` (a string) as `{name: null}`.
      const section =
        isScalar(value) && typeof value.value === 'string'
          ? [{ key: value.value, keyNode: value, value: null }]
          : undefined;
      if (!section && !isNull(value) && !isMap(value)) {
        err(
          value,
          `'${key}' of group '${name}' must be a mapping (got ${isSeq(value) ? 'a list' : 'a scalar'})`,
        );
        continue;
      }
      const items = section ?? (isNull(value) ? [] : entries(value));
      if (key === 'hosts') {
        for (const h of items) {
          let expanded: { names: string[]; port?: number };
          try {
            expanded = expandHostPattern(h.key);
          } catch (e) {
            err(h.keyNode, e instanceof HostPatternError ? e.message : String(e));
            continue;
          }
          const vars = scalarVars(h.value, `host '${h.key}'`);
          for (const n of expanded.names) {
            addHost(model, name, n, expanded.port, vars, pos(h.keyNode));
          }
        }
      } else if (key === 'vars') {
        for (const [k, v, at2] of scalarVars(value, `group '${name}'`)) {
          const why = setGroupVar(g, k, v);
          if (why !== undefined) {
            errors.push({ file, ...at2, message: why });
          }
        }
      } else {
        for (const c of items) {
          walkGroup(c.key, c.value, c.keyNode, depth + 1);
          g.children.add(c.key);
        }
      }
    }
  };
  /** Variables as strings (as written); lists and mappings cannot become labels and are skipped. */
  const scalarVars = (raw: unknown, owner: string): [string, string, SourcePos][] => {
    const node = deref(raw);
    if (isNull(node)) {
      return [];
    }
    if (!isMap(node)) {
      err(node, `${owner}: expected a mapping of variables`);
      return [];
    }
    const out: [string, string, SourcePos][] = [];
    for (const { key, value } of entries(node)) {
      const v = deref(value);
      if (isScalar(v) && v.value !== null) {
        const text =
          typeof v.value === 'number' && typeof v.source === 'string' ? v.source : String(v.value);
        out.push([key, text, pos(v)]);
      }
    }
    return out;
  };
  const root = doc.contents;
  if (isNull(root)) {
    return ok([]);
  }
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
  const plugin = entries(root).find((e) => e.key === 'plugin');
  if (plugin) {
    return fail([
      {
        file,
        ...pos(plugin.keyNode),
        message: `dynamic inventory plugins are not supported (this file asks for plugin '${String((deref(plugin.value) as { value?: unknown } | null)?.value ?? '?')}'): export the hosts once with 'ansible-inventory -i ${file} --list --yaml > hosts.yaml' and name that file`,
      },
    ]);
  }
  for (const e of entries(root)) {
    walkGroup(e.key, e.value, e.keyNode, 1);
  }
  if (errors.length > 0) {
    return fail(errors);
  }
  const resolved = resolveAnsible(model, file);
  return resolved.errors.length > 0 ? fail(resolved.errors) : ok(resolved.hosts);
}

/**
 * The entries of a mapping with YAML merge keys applied: `<<: *a` or `<<: [*a, *b]` adds the
 * keys of those mappings that the mapping does not set itself (the first merged one wins).
 */
function mapEntries(doc: Document, node: unknown, err: (n: unknown, m: string) => void): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  const merged: Entry[] = [];
  if (!isMap(node)) {
    return out;
  }
  for (const pair of node.items) {
    const k = isScalar(pair.key) ? pair.key.value : undefined;
    if (k === '<<' || (isScalar(pair.key) && pair.key.source === '<<')) {
      const v = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
      const sources = isSeq(v) ? v.items.map((x) => (isAlias(x) ? x.resolve(doc) : x)) : [v];
      for (const s of sources) {
        if (!isMap(s)) {
          err(pair.value, 'a merge key (<<) takes a mapping or a list of mappings');
          continue;
        }
        merged.push(...mapEntries(doc, s, err));
      }
      continue;
    }
    const key = k === null || k === undefined ? '' : String(k);
    seen.add(key);
    out.push({ key, keyNode: pair.key, value: pair.value });
  }
  for (const m of merged) {
    if (!seen.has(m.key)) {
      seen.add(m.key);
      out.push(m);
    }
  }
  return out;
}
