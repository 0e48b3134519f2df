/**
 * A plan's inline hosts (`fleet.hosts`) read like a host list: the block is cut out of the text
 * and read by the quick block reader, the rest of the plan by the YAML parser. 10,000 inline
 * hosts took ~1.5 s and ~88 MB as one YAML document.
 *
 * The cut keeps every other line where it was: the `hosts:` line becomes `hosts: []` and the
 * block's lines become empty, so the rest of the plan keeps its lines and columns. Anything
 * the quick reader is unsure of gives `null`, and the caller parses the whole text as before.
 */
import { indentOf, readBlockHostList } from './host-list-block';
import type { SourcePos } from './errors';

/** The plan without its hosts block, the hosts as read, and where each host's name is. */
export interface SplitPlan {
  readonly rest: string;
  readonly hosts: readonly unknown[];
  readonly namePos: readonly (SourcePos | undefined)[];
  /** Where the list starts (its first `-`), as the document would place `fleet.hosts`. */
  readonly listPos: SourcePos;
}

const blankOrComment = (line: string, indent: number) =>
  indent === line.length || line[indent] === '#';

/** Splits a plan's block-style `fleet.hosts` out of `text`, or null when there is none to take. */
export function splitInlineHosts(text: string): SplitPlan | null {
  const lines = text.split('\n');
  const fleetAt = lines.findIndex((l) => /^fleet:(?: +#.*)? *$/.test(l));
  if (fleetAt < 0) {
    return null;
  }
  let childIndent = -1;
  let hostsAt = -1;
  for (let n = fleetAt + 1; n < lines.length && hostsAt < 0; n++) {
    const line = lines[n] as string;
    const indent = indentOf(line);
    if (blankOrComment(line, indent)) {
      continue;
    }
    if (indent === 0) {
      return null; // the next top-level key: fleet has no block-style hosts
    }
    if (childIndent < 0) {
      childIndent = indent;
    }
    if (indent === childIndent && /^hosts:(?: +#.*)? *$/.test(line.slice(indent))) {
      hostsAt = n;
    }
  }
  if (hostsAt < 0) {
    return null;
  }
  let end = hostsAt + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    const indent = indentOf(line);
    if (
      !blankOrComment(line, indent) &&
      (indent < childIndent || (indent === childIndent && line[indent] !== '-'))
    ) {
      break;
    }
  }
  const first = lines.slice(hostsAt + 1, end).findIndex((l) => !blankOrComment(l, indentOf(l)));
  const firstLine = lines[hostsAt + 1 + first] ?? '';
  const read = readBlockHostList(['hosts:', ...lines.slice(hostsAt + 1, end)].join('\n'));
  const value = read?.value as { hosts?: unknown } | undefined;
  if (!read || !Array.isArray(value?.hosts)) {
    return null;
  }
  const rest = [
    ...lines.slice(0, hostsAt),
    `${' '.repeat(childIndent)}hosts: []`,
    ...lines.slice(hostsAt + 1, end).map(() => ''),
    ...lines.slice(end),
  ].join('\n');
  return {
    rest,
    hosts: value.hosts,
    // Line 1 of the block is the `hosts:` line.
    namePos: read.namePos.map((p) => p && { line: p.line + hostsAt, col: p.col }),
    listPos: { line: hostsAt + 2 + first, col: indentOf(firstLine) + 1 },
  };
}
