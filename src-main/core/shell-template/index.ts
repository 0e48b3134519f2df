import { shellQuote } from '../shell-quote';
import { refuseCodeWords } from './code-words';
import { scanShellTemplate, type Slot } from './scan';

export type { Slot, SlotContext } from './scan';

/**
 * Templates that cannot inject, by construction. A value is never spliced into shell text:
 * the rendered command starts with assignments of single-quoted values to `RS_…` variables,
 * and each `{{x}}` becomes a reference to its variable — `"${RS_x}"` in a word, `${RS_x}`
 * inside double quotes or an unquoted heredoc. Expansion results are not parsed again, so any
 * value arrives as data. Places where a reference would not be data (single quotes, nested
 * shells' scripts, `eval`, arithmetic, …) are refused here, for `validate` and for rendering.
 */

/** Result of {@link analyzeShellTemplate}: every placeholder with its context or refusal. */
export type ShellAnalysis =
  | { readonly ok: true; readonly slots: readonly Slot[] }
  | { readonly ok: false; readonly unclosedAt: number };

/** Lexes `template` and applies the nested-interpreter rules. Pure; no values involved. */
export function analyzeShellTemplate(template: string): ShellAnalysis {
  const scan = scanShellTemplate(template);
  if (!scan.ok) {
    return scan;
  }
  refuseCodeWords(scan.commands);
  return { ok: true, slots: scan.slots };
}

/** The message for a refused placeholder, naming it. */
export function refusalMessage(slot: Slot): string {
  return `template variable '{{${slot.name}}}' cannot be used here: ${slot.refusal ?? ''}`;
}

/** Why a value cannot be rendered into an otherwise safe slot. */
export type ValueProblem =
  | { readonly kind: 'nul-byte'; readonly slot: Slot }
  | { readonly kind: 'option-like'; readonly slot: Slot };

/**
 * The checks that depend on values: NUL cannot be carried by any shell argument, and a value
 * starting with `-` in a whole-word argument would be read as an option unless `--` precedes.
 */
export function valueProblem(slot: Slot, value: string): ValueProblem | null {
  if (value.includes('\u0000')) {
    return { kind: 'nul-byte', slot };
  }
  if (slot.context === 'word' || slot.context === 'double-quotes') {
    if (slot.wholeWord && !slot.afterDoubleDash && value.startsWith('-')) {
      return { kind: 'option-like', slot };
    }
  }
  return null;
}

/** Shell variable names for the placeholders' variables, stable and distinct. */
function variableNames(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (out.has(name)) {
      continue;
    }
    const base = `RS_${name.replace(/^host\.labels\./, 'label.').replace(/[^A-Za-z0-9]/g, '_')}`;
    let v = base;
    for (let n = 2; taken.has(v); n++) {
      v = `${base}_${n}`;
    }
    taken.add(v);
    out.set(name, v);
  }
  return out;
}

/**
 * Renders an analysed template whose slots are all accepted, with `values` by variable name.
 * The caller has checked {@link valueProblem} for every slot. Comment placeholders stay text.
 */
export function renderShellTemplate(
  template: string,
  slots: readonly Slot[],
  values: ReadonlyMap<string, string>,
): string {
  const live = slots.filter((s) => s.context !== 'comment');
  if (live.length === 0) {
    return template;
  }
  const names = variableNames(live.map((s) => s.name));
  const prefix = [...names]
    .map(([name, v]) => `${v}=${shellQuote(values.get(name) ?? '')}`)
    .join(' ');
  let body = '';
  let pos = 0;
  for (const s of live) {
    const v = names.get(s.name) ?? '';
    body += template.slice(pos, s.offset) + (s.context === 'word' ? `"\${${v}}"` : `\${${v}}`);
    pos = s.end;
  }
  return `${prefix}; ${body}${template.slice(pos)}`;
}
