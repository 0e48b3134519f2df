/**
 * The one place text crossing a boundary is made safe (DESIGN.md, "every text that crosses a
 * boundary"): held secrets are redacted, in the forms servers and logs echo them, and control
 * characters are shown escaped so host output or an inventory value can neither drive the
 * terminal (titles, screen clears, colours) nor forge a line. Pure: the secrets are a parameter.
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not redacted: they would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) {
      bytes.push(c);
    } else if (c < 0x800) {
      bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    } else if (c < 0x10000) {
      bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else {
      bytes.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
    }
  }
  return bytes;
}

/** Standard base64 (with padding) of the UTF-8 bytes of `text`. */
export function base64(text: string): string {
  const b = utf8(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] ?? '';
    out += B64[(n >> 12) & 63] ?? '';
    out += i + 1 < b.length ? (B64[(n >> 6) & 63] ?? '') : '=';
    out += i + 2 < b.length ? (B64[n & 63] ?? '') : '=';
  }
  return out;
}

/**
 * The forms a secret is echoed in: as is, URL-encoded (query strings, form bodies), escaped
 * inside JSON, and base64 (HTTP basic auth: hold `user:password` and its base64 is covered;
 * without padding too, as some servers trim it).
 */
export function secretForms(secret: string): string[] {
  let url = secret;
  try {
    url = encodeURIComponent(secret);
  } catch {
    // A lone surrogate has no URL form; the raw form is still covered.
  }
  const b64 = base64(secret);
  const forms = [secret, url, JSON.stringify(secret).slice(1, -1), b64, b64.replace(/=+$/, '')];
  return [...new Set(forms)].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Replaces every form of every secret in `text` with {@link REDACTED}, longest first. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const forms = [...secrets]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .flatMap(secretForms)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const f of forms) {
    if (out.includes(f)) {
      out = out.split(f).join(REDACTED);
    }
  }
  return out;
}

/** Redacts every string inside a JSON-like value (objects, arrays), returning a copy. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) {
    return value;
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return redactSecrets(v, secrets);
    }
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * C0 controls (all but tab; line breaks, LF or CRLF, too unless `keepNewlines`), DEL, C1 controls, and the
 * bidirectional overrides and isolates that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_NL =
  // eslint-disable-next-line no-control-regex -- as above
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

function escapeOne(ch: string): string {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default: {
      const c = ch.charCodeAt(0);
      return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16)}`;
    }
  }
}

/** Shows control characters as text (`\x1b`, `\n`, `\u202e`), so they cannot act on a terminal. */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE_KEEP_NL : UNSAFE, escapeOne);
}

/**
 * The boundary function: redact held secrets, then escape control characters. One line
 * (`keepNewlines` false) for values embedded in a line; documents keep their line breaks.
 */
export function boundaryText(
  text: string,
  secrets: readonly string[],
  keepNewlines = false,
): string {
  return escapeControls(redactSecrets(text, secrets), keepNewlines);
}
