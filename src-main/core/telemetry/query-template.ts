/**
 * PromQL templating per ring and baseline. `{{ring.instances}}` becomes an anchored-safe
 * regex alternation of `host:port` targets, escaped for both the regex and the PromQL
 * double-quoted string it sits in, so `instance=~"{{ring.instances}}"` selects exactly
 * those targets and nothing that merely shares a prefix.
 */

/** The hosts a query is about. */
export interface QueryScope {
  /** `host:port` of each metrics target, as Prometheus' `instance` label has it. */
  readonly instances: readonly string[];
  readonly hosts: readonly string[];
  /** Label values available as `{{ring.labels.NAME}}`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Everything a template may refer to. */
export interface QueryContext {
  readonly ring: QueryScope;
  readonly baseline?: QueryScope;
  /** Free values as `{{NAME}}`, e.g. `{{version}}`. */
  readonly vars?: Readonly<Record<string, string>>;
}

/** Rendering outcome; an unknown variable or an empty host list is an error, never a match-all. */
export type RenderedQuery =
  { readonly ok: true; readonly query: string } | { readonly ok: false; readonly message: string };

const REGEX_META = /[.*+?^${}()|[\]\\]/g;

/** Escapes a literal for a RE2 regex inside a PromQL double-quoted string. */
export function promRegexLiteral(value: string): string {
  return value.replace(REGEX_META, '\\$&').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Escapes a literal for a PromQL double-quoted string (label value for `=`). */
export function promStringLiteral(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function alternation(values: readonly string[]): string {
  return values.map(promRegexLiteral).join('|');
}

/** Renders `{{ring.instances}}`, `{{ring.hosts}}`, `{{ring.labels.X}}`, the same for `baseline`, and `{{var}}`. */
export function renderQuery(template: string, ctx: QueryContext): RenderedQuery {
  const problems: string[] = [];
  const query = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, path: string) => {
    const parts = path.split('.');
    const [head, field, label] = parts;
    if (head === 'ring' || head === 'baseline') {
      const scope = head === 'ring' ? ctx.ring : ctx.baseline;
      if (scope === undefined) {
        problems.push(`${whole}: no baseline hosts (all hosts are in the ring?)`);
        return whole;
      }
      if (field === 'instances' || field === 'hosts') {
        const list = field === 'instances' ? scope.instances : scope.hosts;
        if (list.length === 0 || parts.length !== 2) {
          problems.push(`${whole}: ${head} has no ${field}`);
          return whole;
        }
        return alternation(list);
      }
      if (field === 'labels' && label !== undefined && parts.length === 3) {
        const v = scope.labels?.[label];
        if (v === undefined) {
          problems.push(`${whole}: ${head} has no label ${label}`);
          return whole;
        }
        return promStringLiteral(v);
      }
      problems.push(`${whole}: expected ${head}.instances, ${head}.hosts or ${head}.labels.NAME`);
      return whole;
    }
    const v = parts.length === 1 ? ctx.vars?.[path] : undefined;
    if (v === undefined) {
      problems.push(`${whole}: unknown variable`);
      return whole;
    }
    return promStringLiteral(v);
  });
  return problems.length > 0
    ? { ok: false, message: `query template "${template}": ${problems.join('; ')}` }
    : { ok: true, query };
}
