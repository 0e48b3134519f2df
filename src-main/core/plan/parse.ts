import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { fail, ok, type PlanError, type Result } from './errors';
import { makeLocator, type DocPath, type Locate } from './positions';
import { planSchema, type PlanDocument } from './schema';
import { splitInlineHosts } from './inline-hosts';
import { checkPlanCharacters, documentData, syntaxErrorAtOpening } from './yaml-guards';

/** A plan that passed YAML and schema checks, with a way back to its source positions. */
export interface ParsedPlan {
  readonly file: string;
  readonly document: PlanDocument;
  readonly locate: Locate;
}

/**
 * Parses plan text: YAML syntax, then the schema. Every error carries the file, line and
 * column and says what was expected. Pure: the caller reads the file.
 */
export function parsePlanText(text: string, file: string): Result<ParsedPlan, PlanError[]> {
  const bad = checkPlanCharacters(text, file);
  if (bad) {
    return fail([bad]);
  }
  const quick = parsePlanWithInlineHosts(text, file);
  return quick ? ok(quick) : parsePlanDocument(text, file);
}

/**
 * The plan with its block-style `fleet.hosts` read by the quick host-list reader (see
 * inline-hosts.ts), or null: no such block, the reader unsure, or any error at all, which the
 * whole-document parse then names at its place.
 */
function parsePlanWithInlineHosts(text: string, file: string): ParsedPlan | null {
  const split = splitInlineHosts(text);
  if (split === null) {
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(split.rest, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const read = doc.errors.length === 0 ? documentData(doc, lines, file) : null;
  const fleet = read?.ok ? (read.value as { fleet?: { hosts?: unknown } } | null)?.fleet : null;
  if (!Array.isArray(fleet?.hosts) || fleet.hosts.length !== 0) {
    return null;
  }
  fleet.hosts = split.hosts;
  const parsed = planSchema.safeParse(read?.ok ? read.value : null);
  if (!parsed.success) {
    return null;
  }
  const rest = makeLocator(doc, lines, split.rest);
  // The list and each host's name are placed as the whole document would place them (the
  // fleet builder asks for names); a deeper place in a host, which nothing asks for after a
  // plan is valid, at the host's name. Every other path goes to the rest of the document,
  // whose lines and columns are the plan's own.
  const locate: Locate = (path, at, nth) => {
    if (path[0] === 'fleet' && path[1] === 'hosts' && path.length > 1) {
      const i = path[2];
      const p = typeof i === 'number' ? split.namePos[i] : path.length === 2 ? split.listPos : null;
      if (p) {
        return p;
      }
    }
    return rest(path, at, nth);
  };
  return { file, document: parsed.data, locate };
}

/** The whole plan as one YAML document: any plan, and every error placed. */
export function parsePlanDocument(text: string, file: string): Result<ParsedPlan, PlanError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => syntaxErrorAtOpening(text, e, lines, file)));
  }
  const read = documentData(doc, lines, file);
  if (!read.ok) {
    return read;
  }
  const data = read.value;
  const locate = makeLocator(doc, lines, text);
  if (data === null || data === undefined) {
    return fail([
      {
        file,
        line: 1,
        col: 1,
        message: 'empty plan (expected a mapping with release, fleet, domains, rings, deploy)',
      },
    ]);
  }
  const parsed = planSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return fail(parsed.error.issues.flatMap((i) => issueErrors(i, file, locate)));
  }
  return ok({ file, document: parsed.data, locate });
}

/** Turns one zod issue into positioned errors that say what was expected (inventories reuse it). */
export function issueErrors(issue: z.core.$ZodIssue, file: string, locate: Locate): PlanError[] {
  const at = (path: DocPath, where: 'key' | 'value', message: string): PlanError => {
    const p = locate(path, where);
    return { file, line: p.line, col: p.col, message };
  };
  const path = issue.path;
  const last = path[path.length - 1];
  const subject = path.length > 0 ? `${describePath(path)}: ` : '';
  const input: unknown = 'input' in issue ? issue.input : null;
  if (input === undefined && typeof last === 'string' && issue.code !== 'unrecognized_keys') {
    const parent = path.slice(0, -1);
    const why = issue.message.startsWith('Invalid input')
      ? issue.code === 'invalid_type'
        ? `expected ${issue.expected}`
        : 'required'
      : issue.message;
    return [
      at(parent, 'value', `missing key '${last}' in ${describePath(parent) || 'plan'} (${why})`),
    ];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) =>
        at(
          [...path, k],
          'key',
          `unknown key '${k}' in ${describePath(path) || 'plan'} (${issue.message})`,
        ),
      );
    case 'invalid_type':
      return [
        at(path, 'value', `${subject}${expectedText(issue)}, got ${describeValue(issue.input)}`),
      ];
    case 'invalid_value':
      return [
        at(
          path,
          'value',
          `${subject}expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(issue.input)}`,
        ),
      ];
    case 'invalid_union': {
      const kindPath = [...path, 'kind'];
      const hasKind =
        issue.input !== null && typeof issue.input === 'object' && 'kind' in issue.input;
      return [at(hasKind ? kindPath : path, 'value', `${subject}${issue.message}`)];
    }
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'custom':
    case 'invalid_key':
    case 'invalid_element':
      return [at(path, 'value', `${subject}${lowerFirst(issue.message)}`)];
    default: {
      const never: never = issue;
      return [at(path, 'value', `${subject}${String((never as { message: string }).message)}`)];
    }
  }
}

function expectedText(issue: z.core.$ZodIssueInvalidType): string {
  return issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message;
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** `rings[2].select` — how a path reads in a message. */
export function describePath(path: DocPath): string {
  return path
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join('');
}

function describeValue(v: unknown): string {
  if (v === undefined) {
    return 'nothing';
  }
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'a list';
  }
  if (typeof v === 'object') {
    return 'a mapping';
  }
  const s = JSON.stringify(v);
  return `${typeof v} ${s.length > 40 ? `${s.slice(0, 37)}...` : s}`;
}
