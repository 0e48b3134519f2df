import { fail, ok, type InventoryHost, type PlanError, type Result } from '../../core/plan';
import { emptyModel, group, resolveAnsible } from './ansible-model';

/**
 * An Ansible INI inventory: `[group]` host lines with `key=value` vars, `[group:vars]`,
 * `[group:children]`, hosts before any section in `ungrouped`, numeric ranges such as
 * `web[01:12]`. Comments start with `#` or `;`.
 */
export function parseAnsibleIni(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const model = emptyModel();
  const errors: PlanError[] = [];
  let section: { name: string; kind: 'hosts' | 'vars' | 'children' } = {
    name: 'ungrouped',
    kind: 'hosts',
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      return;
    }
    const head = /^\[([^\]:]+)(?::([^\]]+))?\]$/.exec(trimmed);
    if (head) {
      const name = head[1]?.trim() ?? '';
      const kind = head[2]?.trim();
      if (kind !== undefined && kind !== 'vars' && kind !== 'children') {
        errors.push({
          file,
          line,
          col,
          message: `unknown section type ':${kind}' (expected [group], [group:vars] or [group:children])`,
        });
        section = { name, kind: 'vars' };
        return;
      }
      section = { name, kind: kind ?? 'hosts' };
      group(model, name, { line, col });
      return;
    }
    const tokens = tokenize(trimmed);
    if (!tokens.ok) {
      errors.push({ file, line, col: col + tokens.at, message: tokens.message });
      return;
    }
    const g = group(model, section.name, { line, col });
    switch (section.kind) {
      case 'vars': {
        const kv = splitVar(trimmed);
        if (!kv) {
          errors.push({ file, line, col, message: `expected key=value in [${section.name}:vars]` });
          return;
        }
        g.vars[kv[0]] = kv[1];
        return;
      }
      case 'children':
        g.children.push(trimmed);
        group(model, trimmed, { line, col });
        return;
      case 'hosts': {
        const [pattern, ...rest] = tokens.words;
        const vars: Record<string, string> = {};
        for (const w of rest) {
          const kv = splitVar(w);
          if (!kv) {
            errors.push({
              file,
              line,
              col: col + raw.trimStart().indexOf(w),
              message: `expected key=value after the host name, got '${w}'`,
            });
            return;
          }
          vars[kv[0]] = kv[1];
        }
        for (const name of expandRange(pattern ?? '')) {
          g.hosts.set(name, { ...(g.hosts.get(name) ?? {}), ...vars });
          if (!model.hostPos.has(name)) {
            model.hostPos.set(name, { line, col });
          }
        }
        return;
      }
      default: {
        const never: never = section.kind;
        throw new Error(`unhandled section kind ${String(never)}`);
      }
    }
  });
  if (errors.length > 0) {
    return fail(errors);
  }
  const resolved = resolveAnsible(model, file);
  return resolved.errors.length > 0 ? fail(resolved.errors) : ok(resolved.hosts);
}

function splitVar(text: string): [string, string] | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(text.trim());
  if (!m || m[1] === undefined) {
    return undefined;
  }
  return [m[1], unquote((m[2] ?? '').trim())];
}

function unquote(v: string): string {
  return /^(".*"|'.*')$/.test(v) ? v.slice(1, -1) : v;
}

/** Splits on spaces outside quotes; a `#` after whitespace starts a comment. */
function tokenize(
  text: string,
): { ok: true; words: string[] } | { ok: false; at: number; message: string } {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let quoteAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote !== undefined) {
      cur += ch;
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoteAt = i;
      cur += ch;
    } else if (ch === ' ' || ch === '\t') {
      if (cur !== '') {
        words.push(cur);
        cur = '';
      }
    } else if (ch === '#' && cur === '') {
      break;
    } else {
      cur += ch;
    }
  }
  if (quote !== undefined) {
    return { ok: false, at: quoteAt, message: `unclosed ${quote} quote` };
  }
  if (cur !== '') {
    words.push(cur);
  }
  return { ok: true, words };
}

/** `web[01:03]` -> web01, web02, web03 (zero padding kept); anything else as is. */
export function expandRange(pattern: string): string[] {
  const m = /^(.*)\[(\d+):(\d+)\](.*)$/.exec(pattern);
  if (!m) {
    return [pattern];
  }
  const [, pre = '', from = '0', to = '0', post = ''] = m;
  const width = from.length;
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) {
    out.push(`${pre}${String(n).padStart(width, '0')}${post}`);
  }
  return out;
}
