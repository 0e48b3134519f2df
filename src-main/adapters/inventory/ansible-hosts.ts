/**
 * Host patterns and values as Ansible 2.14 reads them (`plugins/inventory/__init__.py`
 * `expand_hostname_range`, `parsing/utils/addresses.py` `parse_address`, the INI plugin's
 * `shlex.split(line, comments=True)` and `ast.literal_eval`), so an inventory names the same
 * hosts in Ringside as in `ansible-inventory --list`.
 */

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A pattern Ringside could not expand, with Ansible's words for why. */
export class HostPatternError extends Error {}

/**
 * Expands every `[beg:end]` / `[beg:end:step]` range, left to right: numbers (a leading zero
 * in `beg` pads to its width, and `end` must then have the same width), single letters in
 * `a..zA..Z` order, an empty `beg` meaning 0. Throws {@link HostPatternError} as Ansible does.
 */
export function expandHostRange(pattern: string): string[] {
  const open = pattern.indexOf('[');
  if (open < 0) {
    return [pattern];
  }
  const close = pattern.indexOf(']', open);
  if (close < 0) {
    // Ansible's split('|') then fails to unpack: the pattern is broken.
    throw new HostPatternError(`unclosed '[' in host pattern '${pattern}'`);
  }
  const head = pattern.slice(0, open);
  const inner = pattern.slice(open + 1, close);
  const tail = pattern.slice(close + 1);
  const bounds = inner.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostPatternError(`host range must be begin:end or begin:end:step (in '${pattern}')`);
  }
  const beg = bounds[0] === '' ? '0' : (bounds[0] ?? '0');
  const end = bounds[1] ?? '';
  const stepText = bounds[2] ?? '1';
  if (end === '') {
    throw new HostPatternError(`host range must specify end value (in '${pattern}')`);
  }
  const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
  if (width > 0 && end.length !== width) {
    throw new HostPatternError(
      `host range must specify equal-length begin and end formats (in '${pattern}')`,
    );
  }
  const step = pyInt(stepText, pattern);
  if (step <= 0) {
    throw new HostPatternError(`host range step must be a positive number (in '${pattern}')`);
  }
  const fill = (x: string | number) => (width > 0 ? String(x).padStart(width, '0') : String(x));
  let seq: (string | number)[];
  const ib = beg.length === 1 ? letters.indexOf(beg) : -1;
  const ie = end.length === 1 ? letters.indexOf(end) : -1;
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) {
      throw new HostPatternError(`host range must have begin <= end (in '${pattern}')`);
    }
    seq = [];
    for (let i = ib; i <= ie; i += step) {
      seq.push(letters[i] ?? '');
    }
  } else {
    const from = pyInt(beg, pattern);
    const to = pyInt(end, pattern);
    if ((to - from) / step > 100_000) {
      throw new HostPatternError(`host range '${inner}' names more than 100000 hosts`);
    }
    seq = [];
    for (let n = from; n <= to; n += step) {
      seq.push(n);
    }
  }
  return seq.flatMap((x) => expandHostRange(`${head}${fill(x)}${tail}`));
}

function pyInt(text: string, pattern: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) {
    throw new HostPatternError(`'${text}' is not a number in host range '${pattern}'`);
  }
  return Number(text.trim());
}

// The patterns of Ansible's parsing/utils/addresses.py, which decide whether `x:NN` is a
// host with a port or a name kept whole.
const numericRange = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const hexRange = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const alnumRange = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const i4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${numericRange})`;
const i6 = String.raw`(?:[0-9a-f]{1,4}|${hexRange})`;
const label = String.raw`(?:[\p{L}\p{N}_]|${alnumRange})(?:[\p{L}\p{N}_-]|${alnumRange})*(?<![_-])`;
const hostnameRe = new RegExp(String.raw`^${label}(?:\.${label})*$`, 'iu');
const ipv4Re = new RegExp(String.raw`^(?:${i4}\.){3}${i4}$`, 'i');
const ipv6Re = new RegExp(
  '^(?:' +
    [
      String.raw`(?:${i6}:){7}${i6}`,
      String.raw`(?:${i6}:){1,6}:`,
      String.raw`(?:${i6}:)(?::${i6}){1,6}`,
      String.raw`(?:${i6}:){2}(?::${i6}){1,5}`,
      String.raw`(?:${i6}:){3}(?::${i6}){1,4}`,
      String.raw`(?:${i6}:){4}(?::${i6}){1,3}`,
      String.raw`(?:${i6}:){5}(?::${i6}){1,2}`,
      String.raw`(?:${i6}:){6}(?::${i6})`,
      String.raw`:(?::${i6}){1,6}`,
      String.raw`${i6}?::`,
      String.raw`(?:0:){6}(?:${i6}\.){3}${i6}`,
      String.raw`::(?:ffff:)?(?:${i6}\.){3}${i6}`,
      String.raw`(?:0:){5}ffff:(?:${i6}\.){3}${i6}`,
    ].join('|') +
    ')$',
  'i',
);

/**
 * `parse_address(pattern, allow_ranges=True)`: a trailing `:port` on a host name or IPv4
 * address, or `[host]:port` (the only way to give an IPv6 address a port). A pattern it
 * cannot read is kept whole with no port, as Ansible does.
 */
export function splitHostPort(pattern: string): { host: string; port?: number } {
  if (!pattern.includes(':')) {
    // No port to split off: valid or not, Ansible keeps the pattern whole.
    return { host: pattern };
  }
  let host = pattern;
  let port: number | undefined;
  const bracketed = /^\[(.+)\]:([0-9]+)$/.exec(host);
  if (bracketed) {
    host = bracketed[1] ?? '';
    port = Number(bracketed[2]);
  }
  const hostport = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/.exec(host);
  if (hostport) {
    host = hostport[1] ?? '';
    port = Number(hostport[2]);
  }
  if (!(ipv4Re.test(host) || ipv6Re.test(host) || hostnameRe.test(host))) {
    return { host: pattern };
  }
  return port === undefined ? { host } : { host, port };
}

/** A host pattern as the INI and YAML plugins expand it: names, and the port it gives them. */
export function expandHostPattern(pattern: string): { names: string[]; port?: number } {
  const { host, port } = splitHostPort(pattern);
  const names = host.includes('[') ? expandHostRange(host) : [host];
  return port === undefined ? { names } : { names, port };
}

/**
 * `shlex.split(line, comments=True)` in POSIX mode: whitespace splits words, single quotes
 * are literal, double quotes allow `\` before `"`, `\`, `$`, backquote and newline, a bare
 * `\` escapes the next character, and `#` outside quotes ends the line.
 */
export function shlexSplit(
  line: string,
): { ok: true; words: string[] } | { ok: false; message: string } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] ?? '';
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) {
        words.push(cur);
        cur = '';
        inWord = false;
      }
      i++;
    } else if (ch === '#') {
      break;
    } else if (ch === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) {
        return { ok: false, message: 'No closing quotation' };
      }
      cur += line.slice(i + 1, j);
      inWord = true;
      i = j + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const c = line[i] ?? '';
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1] ?? '')) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += c;
          i++;
        }
      }
      if (!closed) {
        return { ok: false, message: 'No closing quotation' };
      }
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) {
        return { ok: false, message: 'No escaped character' };
      }
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      cur += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) {
    words.push(cur);
  }
  return { ok: true, words };
}

/**
 * An INI value as `ast.literal_eval` leaves it, for the values Ringside uses: a quoted
 * Python string loses its quotes, a number or constant followed by a Python comment loses
 * the comment; anything else stays exactly as written. Numbers keep their text (Ansible
 * would make `1.50` the float 1.5; a label keeps "1.50").
 */
export function iniValue(text: string): string {
  const v = text.trim();
  const quoted = /^(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*(?:#.*)?$/.exec(v);
  if (quoted) {
    return quoted[1] ?? quoted[2] ?? '';
  }
  const literal = /^([+-]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|True|False|None))\s*#.*$/.exec(v);
  return literal ? (literal[1] ?? v) : v;
}
