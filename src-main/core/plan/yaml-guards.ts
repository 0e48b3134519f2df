import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  visit,
  type Document,
  type LineCounter,
  type YAMLError,
} from 'yaml';
import { fail, ok, type PlanError, type Result } from './errors';

/** Deeper than this, a plan is not something a person wrote: refuse before recursing. */
export const maxPlanDepth = 64;
/** Alias expansions allowed while building the document (an alias bomb needs thousands). */
export const maxAliasCount = 200;

/**
 * Characters no plan text contains: NUL and other C0 controls except tab, newline and
 * carriage return. A NUL means a binary or UTF-16 file was read as UTF-8; the first one is
 * reported where it is, with what to do.
 */
export function checkPlanCharacters(text: string, file: string): PlanError | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (!m) {
    return undefined;
  }
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const col = m.index - before.lastIndexOf('\n');
  const code = m[0].charCodeAt(0);
  const what =
    code === 0
      ? 'a NUL byte (a binary or UTF-16 file?)'
      : `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { file, line, col, message: `${what} (expected UTF-8 text; save the plan as UTF-8)` };
}

/**
 * A syntax error at the place where the broken construct opens: the yaml library reports an
 * unclosed `[`, `{` or quote where it gave up (often the end of the file); the author needs
 * the line where it was opened.
 */
export function syntaxErrorAtOpening(
  text: string,
  error: YAMLError,
  lines: LineCounter,
  file: string,
): PlanError {
  const first = (error.message.split('\n')[0] ?? error.message).replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  const opening =
    error.code === 'BAD_INDENT' ||
    error.code === 'MISSING_CHAR' ||
    error.code === 'UNEXPECTED_TOKEN'
      ? unclosedBefore(text, error.pos[0])
      : undefined;
  if (/Maximum call stack/.test(first)) {
    const p = lines.linePos(error.pos[0]);
    return {
      file,
      line: p.line,
      col: p.col,
      message: `YAML syntax: nesting too deep (expected at most ${maxPlanDepth} levels)`,
    };
  }
  if (opening !== undefined) {
    const p = lines.linePos(opening.offset);
    const end = lines.linePos(error.pos[0]);
    return {
      file,
      line: p.line,
      col: p.col,
      message: `YAML syntax: this ${opening.opener} is never closed (expected ${opening.closer} before line ${end.line}; ${first})`,
    };
  }
  const p = lines.linePos(error.pos[0]);
  return { file, line: p.line, col: p.col, message: `YAML syntax: ${first}` };
}

interface Opening {
  readonly offset: number;
  readonly opener: string;
  readonly closer: string;
}

/** The last flow collection or quoted scalar that opens before `pos` and is never closed. */
function unclosedBefore(text: string, pos: number): Opening | undefined {
  let found: Opening | undefined;
  const stack: unknown[] = [];
  for (const token of new Parser().parse(text)) {
    stack.push(token);
  }
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === null || typeof t !== 'object') {
      continue;
    }
    const tok = t as {
      type?: string;
      offset?: number;
      source?: string;
      start?: { source?: string; offset?: number };
      end?: { source?: string }[];
    };
    if (tok.type === 'flow-collection' && tok.start?.offset !== undefined) {
      const opener = tok.start.source ?? '[';
      const closer = opener === '{' ? '}' : ']';
      const closed = (tok.end ?? []).some((e) => e.source === closer);
      if (!closed && tok.start.offset < pos && (!found || tok.start.offset > found.offset)) {
        found = { offset: tok.start.offset, opener, closer };
      }
    } else if (
      (tok.type === 'double-quoted-scalar' || tok.type === 'single-quoted-scalar') &&
      tok.offset !== undefined &&
      tok.source !== undefined
    ) {
      const q = tok.type === 'double-quoted-scalar' ? '"' : "'";
      const closed = tok.source.length >= 2 && tok.source.endsWith(q);
      if (!closed && tok.offset < pos && (!found || tok.offset > found.offset)) {
        found = { offset: tok.offset, opener: q, closer: q };
      }
    }
    for (const v of Object.values(t)) {
      if (v !== null && typeof v === 'object') {
        stack.push(v);
      }
    }
  }
  return found;
}

/**
 * Problems the yaml library would throw on while building values, found first with their
 * position: aliases with no anchor before them, and documents nested deeper than
 * {@link maxPlanDepth}.
 */
export function checkAliasesAndDepth(doc: Document, lines: LineCounter, file: string): PlanError[] {
  const errors: PlanError[] = [];
  const at = (offset: number, message: string) => {
    const p = lines.linePos(offset);
    errors.push({ file, line: p.line, col: p.col, message });
  };
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        at(
          node.range?.[0] ?? 0,
          `YAML: unresolved alias '*${node.source}' (expected an anchor '&${node.source}' earlier in the file)`,
        );
      }
    },
  });
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0 && errors.length === 0) {
    const { node, depth } = stack.pop() ?? { node: null, depth: 0 };
    if (!isMap(node) && !isSeq(node)) {
      continue;
    }
    if (depth > maxPlanDepth) {
      at(node.range?.[0] ?? 0, `YAML: nesting too deep (expected at most ${maxPlanDepth} levels)`);
      break;
    }
    for (const item of node.items) {
      const child = isPair(item) ? item.value : item;
      if (!isAlias(child)) {
        stack.push({ node: child, depth: depth + 1 });
      }
    }
  }
  return errors;
}

/** The first alias in the document, where an alias-bomb refusal points. */
export function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Keeps what the author wrote where a YAML number would change it: `version: 2.10` is the
 * string "2.10", not the float 2.1; label values keep their source text (`rack: 07`).
 */
export function keepSourceText(doc: Document): void {
  const asWritten = (node: unknown) => {
    if (isScalar(node) && typeof node.value === 'number' && typeof node.source === 'string') {
      node.value = node.source;
    }
  };
  const release = doc.get('release', true);
  if (isMap(release)) {
    asWritten(release.get('version', true));
    asWritten(release.get('previous', true));
  }
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === 'labels' && isMap(pair.value)) {
        for (const item of pair.value.items) {
          const v = item.value;
          if (isSeq(v)) {
            v.items.forEach(asWritten);
          } else {
            asWritten(v);
          }
        }
      }
    },
  });
}

/**
 * The plain data of a parsed document, as plans and host lists read it: unresolved aliases and
 * deep nesting refused at their place, label values and versions kept as written, and an alias
 * bomb refused at the first alias (the yaml library throws for it).
 */
export function documentData(
  doc: Document,
  lines: LineCounter,
  file: string,
): Result<unknown, PlanError[]> {
  const structural = checkAliasesAndDepth(doc, lines, file);
  if (structural.length > 0) {
    return fail(structural);
  }
  keepSourceText(doc);
  try {
    return ok(doc.toJS({ maxAliasCount }));
  } catch (e) {
    const p = lines.linePos(firstAliasOffset(doc));
    return fail([
      {
        file,
        line: p.line,
        col: p.col,
        message: `YAML: aliases expand too much (${e instanceof Error ? e.message : String(e)}; expected at most ${maxAliasCount} alias expansions)`,
      },
    ]);
  }
}
