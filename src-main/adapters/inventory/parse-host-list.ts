import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
  documentData,
  fail,
  hostSchema,
  issueErrors,
  makeLocator,
  ok,
  type InventoryHost,
  type PlanError,
  type Result,
} from '../../core/plan';
import { readBlockHostList } from '../../core/plan';
import { readJsonHostList } from './host-list-json';

const hostArray = z.array(hostSchema);
const hostMapping = z.strictObject({ hosts: hostArray });
const notAList = z.never({
  error:
    'expected a list of hosts or a mapping {hosts: [...]} (keys: name, address, port, user, labels, identityFile, proxyJump)',
});
type ListedHost = z.infer<typeof hostSchema>;

/**
 * A list, or a mapping with `hosts`, picked by the top level's shape: an error inside a host is
 * named at its place and in its words, not as "neither a list nor a mapping".
 */
function validateList(data: unknown) {
  const schema = Array.isArray(data)
    ? hostArray
    : typeof data === 'object' && data !== null
      ? hostMapping
      : notAList;
  const parsed = schema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false as const, issues: parsed.error.issues };
  }
  const list: ListedHost[] = Array.isArray(parsed.data)
    ? parsed.data
    : (parsed.data as { hosts: ListedHost[] }).hosts;
  return { ok: true as const, list, base: Array.isArray(parsed.data) ? [] : ['hosts'] };
}

/**
 * A YAML or JSON host list (JSON is YAML, so one parser keeps positions for both): either a
 * list of hosts or `{hosts: [...]}`, each host with the same keys as an inline plan host.
 */
export function parseHostList(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  // The plainest block form and JSON are read without a YAML document; anything the quick
  // readers are unsure of, and every list the schema refuses, goes to the full parser, which
  // places each error.
  const quick = readBlockHostList(text) ?? readJsonHostList(text);
  if (quick !== null) {
    const checked = validateList(quick.value);
    if (checked.ok) {
      return ok(toHosts(checked.list, (i) => quick.namePos[i] ?? { line: 1, col: 1 }));
    }
  }
  return parseHostListDocument(text, file);
}

/** The full parser: a YAML document with positions, for any YAML or JSON and for every error. */
export function parseHostListDocument(
  text: string,
  file: string,
): Result<InventoryHost[], PlanError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const p = lines.linePos(e.pos[0]);
        return {
          file,
          line: p.line,
          col: p.col,
          message: `syntax: ${e.message.split('\n')[0] ?? ''}`,
        };
      }),
    );
  }
  const data = documentData(doc, lines, file);
  if (!data.ok) {
    return data;
  }
  const locate = makeLocator(doc, lines);
  const checked = validateList(data.value);
  if (!checked.ok) {
    return fail(checked.issues.flatMap((i) => issueErrors(i, file, locate)));
  }
  const { base } = checked;
  return ok(toHosts(checked.list, (i) => locate([...base, i, 'name'])));
}

function toHosts(
  list: ListedHost[],
  namePos: (i: number) => InventoryHost['pos'],
): InventoryHost[] {
  return list.map((h, i) => ({
    name: h.name,
    address: h.address,
    ...(h.port !== undefined ? { port: h.port } : {}),
    ...(h.user !== undefined ? { user: h.user } : {}),
    labels: Object.fromEntries(Object.entries(h.labels ?? {}).map(([k, v]) => [k, String(v)])),
    ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
    ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
    pos: namePos(i),
  }));
}
