import type { LabelMatcher } from './prom-select';

/** A parsed series selector: `name{label op "value", ...}`. */
export interface SeriesSelector {
  readonly name: string;
  readonly matchers: readonly LabelMatcher[];
}

export type SelectorResult =
  ({ readonly ok: true } & SeriesSelector) | { readonly ok: false; readonly message: string };

/**
 * Parses the selectors a plan's metrics use (`http_requests_total{code=~"5.."}`), with
 * PromQL string escapes (\\, \", \n) in values.
 */
export function parseSelector(text: string): SelectorResult {
  const t = text.trim();
  const head = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(t);
  if (head === null) {
    return { ok: false, message: `selector "${text}": expected a metric name first` };
  }
  const name = head[0];
  let pos = name.length;
  const matchers: LabelMatcher[] = [];
  if (pos === t.length) {
    return { ok: true, name, matchers };
  }
  if (t[pos] !== '{' || !t.endsWith('}')) {
    return { ok: false, message: `selector "${text}": expected {labels} after ${name}` };
  }
  pos++;
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|\})/y;
  while (pos < t.length) {
    if (/^\s*\}$/.test(t.slice(pos))) {
      break;
    }
    re.lastIndex = pos;
    const m = re.exec(t);
    if (m === null) {
      return {
        ok: false,
        message: `selector "${text}": expected label="value" at column ${pos + 1}`,
      };
    }
    const [, label = '', op = '=', raw = '', end] = m;
    const value = raw.replace(/\\(.)/g, (_w, c: string) => (c === 'n' ? '\n' : c));
    matchers.push({ label, op: op as LabelMatcher['op'], value });
    pos = re.lastIndex;
    if (end === '}') {
      if (pos !== t.length) {
        return { ok: false, message: `selector "${text}": unexpected text after }` };
      }
      break;
    }
  }
  return { ok: true, name, matchers };
}
