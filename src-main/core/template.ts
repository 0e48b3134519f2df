import {
  analyzeShellTemplate,
  refusalMessage,
  renderShellTemplate,
  valueProblem,
} from './shell-template';

/** What a step command template may refer to. */
export interface TemplateVars {
  readonly version: string;
  readonly previous: string;
  /** The release's pinned content digest; absent when the plan pins none. */
  readonly digest?: string;
  readonly host: {
    readonly name: string;
    readonly address: string;
    readonly labels: Readonly<Record<string, string>>;
  };
  /** Absent outside a ring (e.g. an ad-hoc command); referring to it is then an error. */
  readonly ring?: string;
  readonly domain?: string;
}

/** Why a template could not be rendered; `offset` is the index of the `{{` in the template. */
export type TemplateError =
  | { readonly kind: 'unknown-variable'; readonly variable: string; readonly offset: number }
  | { readonly kind: 'missing-value'; readonly variable: string; readonly offset: number }
  | { readonly kind: 'unclosed'; readonly offset: number }
  | { readonly kind: 'nul-byte'; readonly variable: string; readonly offset: number }
  | {
      readonly kind: 'unsafe-context';
      readonly variable: string;
      readonly offset: number;
      readonly reason: string;
    }
  | { readonly kind: 'option-like'; readonly variable: string; readonly offset: number };

/** Result of {@link renderCommand}. */
export type RenderResult =
  | { readonly ok: true; readonly command: string }
  | { readonly ok: false; readonly error: TemplateError; readonly message: string };

/** Variable names a template may use (labels are `host.labels.NAME`). */
export const TEMPLATE_VARIABLES = [
  'version',
  'previous',
  'digest',
  'host.name',
  'host.address',
  'host.labels.NAME',
  'ring',
  'domain',
] as const;

type Lookup =
  | { readonly found: true; readonly value: string }
  | { readonly found: false; readonly reason: 'unknown' | 'missing' };

function lookup(name: string, vars: TemplateVars): Lookup {
  const labelPrefix = 'host.labels.';
  if (name.startsWith(labelPrefix)) {
    const label = name.slice(labelPrefix.length);
    if (label === '') {
      return { found: false, reason: 'unknown' };
    }
    // Own properties only: a label named `constructor` must not resolve to Object's.
    return Object.prototype.hasOwnProperty.call(vars.host.labels, label)
      ? { found: true, value: vars.host.labels[label] ?? '' }
      : { found: false, reason: 'missing' };
  }
  const value = ((): string | undefined | null => {
    switch (name) {
      case 'version':
        return vars.version;
      case 'previous':
        return vars.previous;
      case 'digest':
        return vars.digest;
      case 'host.name':
        return vars.host.name;
      case 'host.address':
        return vars.host.address;
      case 'ring':
        return vars.ring;
      case 'domain':
        return vars.domain;
      default:
        return null;
    }
  })();
  if (value === null) {
    return { found: false, reason: 'unknown' };
  }
  return value === undefined ? { found: false, reason: 'missing' } : { found: true, value };
}

function describe(error: TemplateError): string {
  switch (error.kind) {
    case 'unknown-variable':
      return `unknown variable {{${error.variable}}} at offset ${error.offset}; expected one of ${TEMPLATE_VARIABLES.join(', ')}`;
    case 'missing-value':
      return `variable {{${error.variable}}} at offset ${error.offset} has no value for this host`;
    case 'unclosed':
      return `unclosed "{{" at offset ${error.offset}; expected "}}"`;
    case 'nul-byte':
      return `value of {{${error.variable}}} at offset ${error.offset} contains a NUL byte, which no shell argument can carry`;
    case 'unsafe-context':
      return `${error.reason} (offset ${error.offset})`;
    case 'option-like':
      return `value of {{${error.variable}}} at offset ${error.offset} starts with '-' and would be read as an option: put '--' before it in the template`;
    default: {
      const never: never = error;
      return String(never);
    }
  }
}

/**
 * Renders a step command (see core/shell-template): every value reaches the host as the value
 * of an `RS_…` shell variable, never as shell text, and placeholders in places where a second
 * parser would read the value as code are refused. The template text itself is trusted (it
 * comes from the plan's author). Whitespace inside the braces is ignored: `{{ version }}`.
 */
export function renderCommand(template: string, vars: TemplateVars): RenderResult {
  const analysis = analyzeShellTemplate(template);
  const fail = (error: TemplateError): RenderResult => ({
    ok: false,
    error,
    message: describe(error),
  });
  if (!analysis.ok) {
    return fail({ kind: 'unclosed', offset: analysis.unclosedAt });
  }
  const values = new Map<string, string>();
  for (const slot of analysis.slots) {
    const found = lookup(slot.name, vars);
    if (!found.found) {
      const kind = found.reason === 'unknown' ? 'unknown-variable' : 'missing-value';
      return fail({ kind, variable: slot.name, offset: slot.offset });
    }
    if (slot.refusal !== null) {
      return fail({
        kind: 'unsafe-context',
        variable: slot.name,
        offset: slot.offset,
        reason: refusalMessage(slot),
      });
    }
    const problem = valueProblem(slot, found.value);
    if (problem !== null) {
      return fail({ kind: problem.kind, variable: slot.name, offset: slot.offset });
    }
    values.set(slot.name, found.value);
  }
  return { ok: true, command: renderShellTemplate(template, analysis.slots, values) };
}
