/** A `{{ name }}` found in a template, with its offset in the template string. */
export interface TemplateRef {
  readonly name: string;
  readonly offset: number;
}

/** Result of scanning: the references, or the offset of a `{{` that is never closed. */
export type TemplateScan =
  | { readonly ok: true; readonly refs: readonly TemplateRef[] }
  | { readonly ok: false; readonly unclosedAt: number };

/**
 * Lists the variables a template refers to. Kept separate from core/template's renderer on
 * purpose: validation needs every reference with its offset, rendering needs values.
 */
export function scanTemplate(template: string): TemplateScan {
  const refs: TemplateRef[] = [];
  let from = 0;
  for (;;) {
    const open = template.indexOf('{{', from);
    if (open < 0) {
      return { ok: true, refs };
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      return { ok: false, unclosedAt: open };
    }
    refs.push({ name: template.slice(open + 2, close).trim(), offset: open });
    from = close + 2;
  }
}

/** Variables of step commands and ssh probes (`host.labels.NAME` for any label NAME). */
export const stepVariables = [
  'version',
  'previous',
  'digest',
  'host.name',
  'host.address',
  'ring',
  'domain',
];

/** Variables of ssh-probe commands: evaluated per host, outside any ring's step. */
export const sshProbeVariables = ['version', 'previous', 'digest', 'host.name', 'host.address'];

/** Variables of PromQL queries: evaluated per ring, not per host. */
export const queryVariables = ['version', 'previous', 'ring', 'ring.instances', 'ring.hosts'];

/**
 * Variables of http-probe URLs. The probe is one shared (platform) URL fetched once per
 * round, so only plan-wide values have a single meaning there.
 */
export const probeVariables = ['version', 'previous'];

/** True when `name` is allowed; label references are checked against hosts elsewhere. */
export function isKnownVariable(
  name: string,
  allowed: readonly string[],
  hostLabels: boolean,
): boolean {
  if (hostLabels && /^host\.labels\.[A-Za-z0-9_.-]+$/.test(name)) {
    return true;
  }
  return allowed.includes(name);
}
