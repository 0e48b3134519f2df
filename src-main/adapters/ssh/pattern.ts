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
