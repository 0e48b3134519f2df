import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
  fail,
  hostSchema,
  issueErrors,
  makeLocator,
  ok,
  type InventoryHost,
  type PlanError,
  type Result,
} from '../../core/plan';

const listSchema = z.union([z.array(hostSchema), z.strictObject({ hosts: z.array(hostSchema) })], {
  error:
    'expected a list of hosts or a mapping {hosts: [...]} (keys: name, address, port, user, labels, identityFile, proxyJump)',
});

/**
 * A YAML or JSON host list (JSON is YAML, so one parser keeps positions for both): either a
 * list of hosts or `{hosts: [...]}`, each host with the same keys as an inline plan host.
 */
export function parseHostList(text: string, file: string): Result<InventoryHost[], PlanError[]> {
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
  const locate = makeLocator(doc, lines);
  const parsed = listSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    return fail(parsed.error.issues.flatMap((i) => issueErrors(i, file, locate)));
  }
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.hosts;
  const base = Array.isArray(parsed.data) ? [] : ['hosts'];
  return ok(
    list.map((h, i) => ({
      name: h.name,
      address: h.address,
      ...(h.port !== undefined ? { port: h.port } : {}),
      ...(h.user !== undefined ? { user: h.user } : {}),
      labels: Object.fromEntries(Object.entries(h.labels ?? {}).map(([k, v]) => [k, String(v)])),
      ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
      ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
      pos: locate([...base, i, 'name']),
    })),
  );
}
