/**
 * POSIX shell quoting for values substituted into remote commands.
 *
 * Single quotes are the only POSIX quoting in which no character is special, so every
 * value is wrapped in them and an embedded `'` becomes `'\''` (close, escaped quote, reopen).
 * `$(...)`, backticks, `;`, `"`, newlines and globs therefore reach the command verbatim.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
