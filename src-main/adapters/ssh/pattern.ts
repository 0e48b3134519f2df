/** OpenSSH's glob for host patterns: `*` any run, `?` one character, case-insensitive. */
export function matchPattern(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return re.test(text.toLowerCase());
}

/** ssh_config's `match_pattern`: the same glob, case-sensitive (`Host WEB` never matches `web`). */
export function matchPatternCase(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return re.test(text);
}
