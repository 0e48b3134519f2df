import { scanTemplate } from './plan/template-vars';

/**
 * URL templates (http-probe URLs). A value may only go into the path, query or fragment,
 * percent-encoded as one URL component, so it can never add a path segment, a query
 * parameter, a host or a scheme. In the scheme or authority no encoding makes a value safe
 * (it would choose the server), so placeholders there are refused.
 */

/** The `scheme://authority` head of a URL template, or null when it has none. */
function head(template: string): string | null {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(template)?.[0] ?? null;
}

/** Placeholders in the scheme or authority (or a template without `scheme://host`). */
export function urlTemplateRefusals(template: string): { offset: number; message: string }[] {
  const scan = scanTemplate(template);
  if (!scan.ok) {
    return [];
  }
  const h = head(template);
  return scan.refs
    .filter((r) => h === null || r.offset < h.length)
    .map((r) => ({
      offset: r.offset,
      message: `template variable '{{${r.name}}}' cannot be used here: it is in the URL's scheme or host, which a value must not choose; write the server literally and put values in the path or query`,
    }));
}

/** Result of {@link renderUrl}. */
export type UrlRenderResult =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/**
 * Renders a URL template with `values` (variable name to value), each percent-encoded as a
 * URL component (`encodeURIComponent`: `/ ? # & = %` and spaces become `%XX`).
 */
export function renderUrl(
  template: string,
  values: Readonly<Record<string, string>>,
): UrlRenderResult {
  const scan = scanTemplate(template);
  if (!scan.ok) {
    return { ok: false, message: `unclosed "{{" at offset ${scan.unclosedAt} in ${template}` };
  }
  const refused = urlTemplateRefusals(template)[0];
  if (refused !== undefined) {
    return { ok: false, message: refused.message };
  }
  let out = '';
  let pos = 0;
  for (const ref of scan.refs) {
    if (!Object.hasOwn(values, ref.name)) {
      return { ok: false, message: `unknown template variable '{{${ref.name}}}' in ${template}` };
    }
    let encoded: string;
    try {
      encoded = encodeURIComponent(values[ref.name] ?? '');
    } catch {
      return { ok: false, message: `value of '{{${ref.name}}}' is not valid Unicode text` };
    }
    out += template.slice(pos, ref.offset) + encoded;
    pos = template.indexOf('}}', ref.offset) + 2;
  }
  return { ok: true, url: out + template.slice(pos) };
}
