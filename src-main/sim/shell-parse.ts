/**
 * A tiny shell-subset parser for the commands the simulated hosts accept: words with single
 * and double quotes and backslashes, joined by `&&`, `||` and `;`, plus the form rendered
 * templates take (core/shell-template): leading assignments `RS_x='v' RS_y='w';` and
 * `"${RS_x}"` / `"$RS_x"` references to them inside double quotes. Anything the simulator
 * cannot honour faithfully (pipes, redirections, substitutions, other variables, background
 * jobs) is a parse error, so a rehearsal never pretends to have run something it did not.
 */

/** One simple command and how it joins the previous one. */
export interface SimpleCommand {
  /** `first` for the first command; otherwise the operator before this command. */
  readonly join: 'first' | '&&' | '||' | ';';
  readonly words: readonly string[];
}

export type ParseResult =
  | { readonly ok: true; readonly commands: readonly SimpleCommand[] }
  | { readonly ok: false; readonly error: string };

/** Parses a command line; `error` names the unsupported construct. */
export function parseShell(line: string): ParseResult {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  /** Words written `NAME=…` (an unquoted name and `=`), by index in `words`. */
  let assignments = new Set<number>();
  const vars = new Map<string, string>();
  // `as` keeps the declared type: closures reassign it, which narrowing cannot see.
  let join = 'first' as SimpleCommand['join'];
  const endWord = (): void => {
    if (inWord) {
      words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = (next: SimpleCommand['join']): string | null => {
    endWord();
    if (words.length > 0 && assignments.size === words.length && join !== '&&' && join !== '||') {
      // Assignments alone set shell variables and always succeed.
      for (const w of words) {
        const eq = w.indexOf('=');
        vars.set(w.slice(0, eq), w.slice(eq + 1));
      }
      words = [];
      assignments = new Set();
      join = join === 'first' ? 'first' : next;
      return null;
    }
    if (words.length === 0) {
      if (next === ';' && join !== '&&' && join !== '||') {
        return null; // empty statements such as a trailing `;` are harmless
      }
      return `empty command before '${next}'`;
    }
    commands.push({ join, words });
    words = [];
    assignments = new Set();
    join = next;
    return null;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    const next = line[i + 1] ?? '';
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        return { ok: false, error: 'unterminated single quote' };
      }
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const c = line[j] ?? '';
        if (c === '$') {
          const ref = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(line.slice(j));
          const name = ref?.[1] ?? ref?.[2];
          const value = name === undefined ? undefined : vars.get(name);
          if (ref === null || value === undefined) {
            return { ok: false, error: `substitution '$' inside double quotes` };
          }
          word += value;
          j += ref[0].length - 1;
          continue;
        }
        if (c === '`') {
          return { ok: false, error: `substitution '${c}' inside double quotes` };
        }
        if (c === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] ?? '')) {
          j++;
          word += line[j] ?? '';
        } else {
          word += c;
        }
      }
      if (j >= line.length) {
        return { ok: false, error: 'unterminated double quote' };
      }
      inWord = true;
      i = j;
    } else if (ch === '\\') {
      word += next;
      inWord = true;
      i++;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else if ((ch === '&' && next === '&') || (ch === '|' && next === '|')) {
      const err = endCommand(ch === '&' ? '&&' : '||');
      if (err) {
        return { ok: false, error: err };
      }
      i++;
    } else if (ch === ';' || ch === '\n') {
      const err = endCommand(';');
      if (err) {
        return { ok: false, error: err };
      }
    } else if ('|&<>$`(){}'.includes(ch)) {
      return { ok: false, error: `shell construct '${ch}' is not simulated` };
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      if (!inWord && /^[A-Za-z_]\w*=/.test(line.slice(i))) {
        assignments.add(words.length);
      }
      word += ch;
      inWord = true;
    }
  }
  endWord();
  if (words.length > 0) {
    commands.push({ join, words });
  } else if (join === '&&' || join === '||') {
    return { ok: false, error: `command line ends with '${join}'` };
  }
  if (commands.length === 0) {
    return { ok: false, error: 'empty command' };
  }
  return { ok: true, commands };
}
