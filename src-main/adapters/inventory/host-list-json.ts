/**
 * A quick reader for a host list written as JSON (`[...]` or `{"hosts": [...]}`): `JSON.parse`
 * for the values and one pass over the text for where each host's `name` value starts, so a
 * 10,000-host JSON list needs no YAML document either (see host-list-block.ts).
 *
 * It answers only what YAML would read the same way. Anything else gives `null`, and the
 * caller parses the text with the full parser. That covers text `JSON.parse` refuses, a
 * repeated key (YAML refuses it, JSON takes the last), a tab or CR, a key over 1,000 characters,
 * a number among label values (YAML keeps it as written: `7.50` is "7.50"), and a
 * `__proto__` key.
 */
import { LineCounter } from 'yaml';
import type { BlockHostList } from '../../core/plan';

interface Open {
  readonly kind: '{' | '[';
  readonly keys: Set<string> | null;
  /** The key whose value comes next (objects only). */
  key: string | null;
}

/** Offsets of each host's `name` value, or null for a repeated or unsafe key. */
function nameOffsets(text: string, hostDepth: number): (number | undefined)[] | null {
  const stack: Open[] = [];
  const offsets: (number | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ kind: c, keys: c === '{' ? new Set() : null, key: null });
      if (c === '{' && stack.length === hostDepth) {
        offsets.push(undefined);
      }
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top) {
        top.key = null;
      }
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') {
        end += text[end] === '\\' ? 2 : 1;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === '{' && top.key === null) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys?.has(key) || key.length > 1000 || key === '__proto__') {
          return null;
        }
        top.keys?.add(key);
        top.key = key;
      } else if (top?.key === 'name' && stack.length === hostDepth) {
        offsets[offsets.length - 1] = i;
      }
      i = end;
    } else if (c !== ':' && c !== ' ' && c !== '\n' && c !== '\r') {
      // A number, true, false or null: only a name's value position is recorded.
      const top = stack[stack.length - 1];
      if (top?.key === 'name' && stack.length === hostDepth) {
        offsets[offsets.length - 1] = i;
      }
      while (i + 1 < text.length && !',]} \n\r'.includes(text[i + 1] as string)) {
        i++;
      }
    }
  }
  return offsets;
}

function hasNumberLabel(hosts: readonly unknown[]): boolean {
  return hosts.some((h) => {
    const labels = (h as { labels?: unknown } | null)?.labels;
    return (
      typeof labels === 'object' &&
      labels !== null &&
      Object.values(labels).some((v) => typeof v === 'number')
    );
  });
}

/** Reads a JSON host list, or null when YAML might read it otherwise (see above). */
export function readJsonHostList(text: string): BlockHostList | null {
  const first = text.trimStart()[0];
  if ((first !== '[' && first !== '{') || /[\t\r]/.test(text)) {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const hosts = Array.isArray(value) ? value : (value as { hosts?: unknown } | null)?.hosts;
  if (!Array.isArray(hosts) || hasNumberLabel(hosts)) {
    return null;
  }
  const offsets = nameOffsets(text, Array.isArray(value) ? 2 : 3);
  if (offsets === null || offsets.length !== hosts.length) {
    return null;
  }
  // The yaml library's own line table, so positions are counted as the full parser counts them.
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    lines.addNewLine(i + 1);
  }
  return {
    value,
    namePos: offsets.map((o) => (o === undefined ? undefined : lines.linePos(o))),
  };
}
