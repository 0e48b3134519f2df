/**
 * Durations as plan authors write them: `500ms`, `90s`, `10m`, `1h30m`, `2d`, or `0`.
 * Units must appear from largest to smallest, each at most once, so `30m1h` is refused
 * rather than silently accepted.
 */

const units = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

const pattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a duration into milliseconds; `undefined` when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') {
    return 0;
  }
  const m = pattern.exec(t);
  if (!m || t === '') {
    return undefined;
  }
  let ms = 0;
  units.forEach(([, factor], i) => {
    const part = m[i + 1];
    if (part !== undefined) {
      ms += Number(part) * factor;
    }
  });
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** What a duration should look like, for error messages. */
export const durationHint = "a duration like '500ms', '90s', '10m' or '1h30m'";

/** Formats milliseconds the way `parseDuration` reads them back (`1h30m`, `90s` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return String(ms);
  }
  if (ms === 0) {
    return '0s';
  }
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, factor] of units) {
    const n = Math.floor(rest / factor);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * factor;
    }
  }
  return out;
}
