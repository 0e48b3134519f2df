/**
 * What the Logs view shows: lines matching the ring, the search words, the levels turned on
 * and, when one is picked, an error signature. Pure, so it is tested without a DOM.
 */
import type { LogLine } from '../../src-main/core/contract';

export const logLevels = ['error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The Logs view's filter. */
export interface LogFilter {
  readonly ring: string | null;
  /** Words typed in the search box; every word must appear (any case) in ring, host or line. */
  readonly text: string;
  /** Levels shown; a line whose level cannot be told counts as info. */
  readonly levels: readonly LogLevel[];
  /** Only the lines of this error signature, or null for all. */
  readonly signature: string | null;
}

export const noLogFilter: LogFilter = {
  ring: null,
  text: '',
  levels: logLevels,
  signature: null,
};

const LEVEL_WORDS: readonly [RegExp, LogLevel][] = [
  [/^(error|err|fatal|panic|crit|critical|alert|emerg)$/i, 'error'],
  [/^(warn|warning)$/i, 'warning'],
  [/^(info|notice)$/i, 'info'],
  [/^(debug|trace)$/i, 'debug'],
];

/**
 * The level a line was logged at: the first level word it carries as a word of its own
 * (`… app[12]: ERROR db timeout`), as `level=warn` or as JSON `"level":"debug"`. A line
 * with none is an error when it matched an error signature, else info.
 */
export function logLevel(line: string, signature: string | null): LogLevel {
  const keyed = /\blevel"?\s*[:=]\s*"?([a-z]+)/i.exec(line)?.[1];
  const words = keyed === undefined ? line.split(/[\s:[\]()|]+/).slice(0, 12) : [keyed];
  for (const word of words) {
    for (const [pattern, level] of LEVEL_WORDS) {
      if (pattern.test(word)) {
        return level;
      }
    }
  }
  return signature !== null ? 'error' : 'info';
}

/** The search box's words, lower case, empty ones dropped. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** Whether `l` passes `f` (the search words already split by {@link searchWords}). */
export function matchesLog(l: LogLine, f: LogFilter, words: readonly string[]): boolean {
  if (f.ring !== null && l.ring !== f.ring) {
    return false;
  }
  if (f.signature !== null && l.signature !== f.signature) {
    return false;
  }
  if (f.levels.length < logLevels.length && !f.levels.includes(logLevel(l.line, l.signature))) {
    return false;
  }
  if (words.length === 0) {
    return true;
  }
  const hay = `${l.ring} ${l.host} ${l.line}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The lines `f` lets through, oldest first. */
export function filterLogs(lines: readonly LogLine[], f: LogFilter): LogLine[] {
  const words = searchWords(f.text);
  return lines.filter((l) => matchesLog(l, f, words));
}

/**
 * Follow mode: whether a log pane scrolled to `scrollTop` shows its last line (within a few
 * pixels). Scrolling up leaves it; scrolling back down, or "Follow", resumes it.
 */
export function atBottom(scrollTop: number, clientHeight: number, scrollHeight: number): boolean {
  return scrollTop + clientHeight >= scrollHeight - 4;
}
