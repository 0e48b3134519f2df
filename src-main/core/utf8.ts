/**
 * UTF-8 without TextDecoder (core has none): the one place that knows which byte sequences
 * are valid, for the Prometheus text parser and for naming where a file stops being UTF-8.
 */

/**
 * The code point of the valid UTF-8 sequence starting at `bytes[i]` (ending before `end`)
 * and its length in bytes, or null when no valid sequence starts there (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF or cut short).
 */
export function utf8SequenceAt(
  bytes: Uint8Array,
  i: number,
  end: number = bytes.length,
): { readonly cp: number; readonly length: number } | null {
  const b = bytes[i] ?? 0;
  const n =
    b < 0x80
      ? 1
      : b >= 0xc2 && b < 0xe0
        ? 2
        : b >= 0xe0 && b < 0xf0
          ? 3
          : b >= 0xf0 && b < 0xf5
            ? 4
            : 0;
  if (n === 0 || i + n > end) {
    return null;
  }
  let cp = n === 1 ? b : n === 2 ? b & 0x1f : n === 3 ? b & 0x0f : b & 0x07;
  for (let k = 1; k < n; k++) {
    const c = bytes[i + k] ?? 0;
    if ((c & 0xc0) !== 0x80) {
      return null;
    }
    cp = (cp << 6) | (c & 0x3f);
  }
  if (
    (n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
    (n === 4 && (cp < 0x10000 || cp > 0x10ffff))
  ) {
    return null;
  }
  return { cp, length: n };
}
