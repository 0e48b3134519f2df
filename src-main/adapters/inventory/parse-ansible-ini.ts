import {
  fail,
  ok,
  type InventoryHost,
  type PlanError,
  type Result,
  type SourcePos,
} from '../../core/plan';
import { addHost, emptyModel, group, resolveAnsible, setGroupVar } from './ansible-model';
import { expandHostPattern, HostPatternError, iniValue, shlexSplit } from './ansible-hosts';

const sectionRe = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const groupNameRe = /^([^:\]\s]+)\s*(?:#.*)?$/;

/**
 * An Ansible INI inventory, read as Ansible 2.14's `ini` plugin reads it: `[group]` host
 * lines (`shlex` words, `#` comments anywhere outside quotes, every range form, `host:port`
 * and `[v6]:port`), `[group:vars]` (`key=value`, the value as `literal_eval` leaves it),
 * `[group:children]` (a trailing comment allowed), hosts before any section in `ungrouped`,
 * and `;`/`#` comment lines. What Ansible refuses is refused with the line.
 */
export function parseAnsibleIni(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const model = emptyModel();
  const errors: PlanError[] = [];
  let groupName = 'ungrouped';
  let state = 'hosts';
  /** Groups named by `:vars` or `:children` that no section has defined yet (Ansible's pending). */
  const pending = new Map<string, { state: string; pos: SourcePos; parents: string[] }>();
  const defined = new Set<string>(['all', 'ungrouped']);
  const lines = text.split('\n');
  // Where the line being read starts: `err` is made once, not once per line.
  let line = 0;
  let col = 1;
  const err = (message: string, c = col) => errors.push({ file, line, col: c, message });
  lines.forEach((raw, i) => {
    line = i + 1;
    const stripped = raw.trim();
    col = raw.length - raw.trimStart().length + 1;
    const at = { line, col };
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      return;
    }
    const head = sectionRe.exec(stripped);
    if (head) {
      groupName = head[1] ?? '';
      state = head[2] ?? 'hosts';
      if (state !== 'hosts' && state !== 'children' && state !== 'vars') {
        err(
          `unknown section type ':${state}' in [${groupName}:${state}] (expected [group], [group:vars] or [group:children])`,
        );
        state = 'invalid';
        return;
      }
      if (!defined.has(groupName)) {
        if (state === 'vars' && !pending.has(groupName)) {
          pending.set(groupName, { state, pos: at, parents: [] });
        }
        defined.add(groupName);
        group(model, groupName, at);
      }
      const p = pending.get(groupName);
      if (p && state !== 'vars') {
        if (p.state === 'children') {
          resolvePending(groupName);
        } else {
          pending.delete(groupName);
        }
      }
      return;
    }
    if (stripped.startsWith('[') && stripped.endsWith(']')) {
      err(
        `invalid section '${stripped}' (expected [group], [group:vars] or [group:children], with no spaces)`,
      );
      return;
    }
    switch (state) {
      case 'invalid':
        return;
      case 'hosts': {
        const words = shlexSplit(stripped);
        if (!words.ok) {
          err(`cannot read the host line: ${words.message}`);
          return;
        }
        const [pattern, ...rest] = words.words;
        if (pattern === undefined) {
          return;
        }
        let expanded: { names: string[]; port?: number };
        try {
          expanded = expandHostPattern(pattern);
        } catch (e) {
          err(e instanceof HostPatternError ? e.message : String(e));
          return;
        }
        if (pattern.trim().endsWith(':') && expanded.port === undefined) {
          err(`invalid host pattern '${pattern}' (a trailing ':' must be followed by a port)`);
          return;
        }
        if (expanded.names.some((n) => n.trim() === '---')) {
          err(`invalid host pattern '${pattern}' ('---' is a sign this is a YAML file)`);
          return;
        }
        const vars: [string, string, SourcePos][] = [];
        for (const w of rest) {
          const eq = w.indexOf('=');
          if (eq < 0) {
            err(
              `expected key=value after the host name, got '${w}'`,
              col + Math.max(0, raw.trimStart().indexOf(w)),
            );
            return;
          }
          vars.push([w.slice(0, eq), iniValue(w.slice(eq + 1)), at]);
        }
        for (const name of expanded.names) {
          addHost(model, groupName, name, expanded.port, vars, at);
        }
        return;
      }
      case 'vars': {
        const eq = stripped.indexOf('=');
        if (eq < 0) {
          err(`expected key=value in [${groupName}:vars], got '${stripped}'`);
          return;
        }
        const key = stripped.slice(0, eq).trim();
        const why = setGroupVar(group(model, groupName, at), key, iniValue(stripped.slice(eq + 1)));
        if (why !== undefined) {
          err(why);
        }
        return;
      }
      case 'children': {
        const m = groupNameRe.exec(stripped);
        const child = m?.[1];
        if (child === undefined) {
          err(`expected a group name in [${groupName}:children], got '${stripped}'`);
          return;
        }
        if (!defined.has(child)) {
          const p = pending.get(child);
          if (p) {
            p.parents.push(groupName);
          } else {
            pending.set(child, { state: 'children', pos: at, parents: [groupName] });
          }
        } else {
          group(model, groupName, at).children.add(child);
        }
        return;
      }
      default:
        return;
    }
  });
  function resolvePending(name: string): void {
    const p = pending.get(name);
    if (!p) {
      return;
    }
    for (const parent of p.parents) {
      group(model, parent, p.pos).children.add(name);
      if (pending.get(parent)?.state === 'children') {
        resolvePending(parent);
      }
    }
    pending.delete(name);
  }
  for (const [name, p] of pending) {
    errors.push({
      file,
      ...p.pos,
      message:
        p.state === 'vars'
          ? `section [${name}:vars] is for a group no section defines (add [${name}] or list it under a [parent:children])`
          : `[${p.parents[p.parents.length - 1] ?? '?'}:children] names group '${name}', which no section defines (add a [${name}] section)`,
    });
  }
  if (errors.length > 0) {
    return fail(errors);
  }
  const resolved = resolveAnsible(model, file);
  return resolved.errors.length > 0 ? fail(resolved.errors) : ok(resolved.hosts);
}

/** `web[01:03]` -> web01, web02, web03, and every other Ansible range form. */
export function expandRange(pattern: string): string[] {
  return expandHostPattern(pattern).names;
}
