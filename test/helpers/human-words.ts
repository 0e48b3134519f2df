/**
 * What a person must never read in the console: enum spellings (`waitingPromotion`,
 * `rolled-back`), function names (`exportTimeline`), journal event types (`RingStarted`).
 * Used by the renderer unit tests and the e2e walk of every view.
 */
import { methodNames } from '../../src-main/core/contract/names';

/** The journal's kebab-case states: words in a file, not in a sentence. */
const KEBAB_STATES = [
  'not-started',
  'waiting-promotion',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
  'in-doubt',
  'needs-approval',
];

/** Tokens that are data a person compares, not words: fingerprints, digests. */
const DATA = /(SHA256|sha256):[A-Za-z0-9+/=]+/g;

/**
 * The raw tokens found in `text`: camelCase (`notStarted`, `getSnapshot`), inner-capital
 * PascalCase (`RingStarted`), kebab-case state names, and a contract method name used as a
 * prefix (`start: …`). Empty when the text reads as words.
 */
export function rawTokens(text: string): string[] {
  const clean = text.replace(DATA, ' ');
  const found = new Set<string>();
  for (const m of clean.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g)) {
    found.add(m[0]);
  }
  for (const m of clean.matchAll(/\b[A-Z][a-z]+[A-Z][A-Za-z]*\b/g)) {
    found.add(m[0]);
  }
  for (const w of KEBAB_STATES) {
    if (new RegExp(`\\b${w}\\b`).test(clean)) {
      found.add(w);
    }
  }
  for (const m of clean.matchAll(/(?:^|\n|[.!]\s)([a-z][A-Za-z]*):\s/g)) {
    if ((methodNames as readonly string[]).includes(m[1] ?? '')) {
      found.add(`${m[1]}:`);
    }
  }
  return [...found];
}
