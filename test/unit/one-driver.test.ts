/**
 * One driver (issue 12 item 4): `ringside run` and the console open, wire and close a
 * rollout through app/rollout-driver.ts, and a whole journal is loaded and replayed in one
 * place (runtime/load-rollout-state.ts). A new call site of the lower-level functions would
 * be a second dialect of driving or reading a rollout; this test names it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../src-main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** Files (relative to src-main) that call `name(`, outside comments. */
function callers(name: string): string[] {
  const call = new RegExp(`\\b${name}(<[^>]*>)?\\(`);
  return sources(root)
    .filter((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .some((line) => !/^\s*(\/\*|\*|\/\/)/.test(line) && call.test(line)),
    )
    .map((f) => path.relative(root, f))
    .sort();
}

describe('one driver', () => {
  it('opens a rollout for driving in app/rollout-driver.ts only', () => {
    expect(callers('openRollout').filter((f) => !f.startsWith('runtime/'))).toEqual([
      'app/rollout-driver.ts',
    ]);
    expect(callers('persistSeries').filter((f) => !f.startsWith('runtime/series/'))).toEqual([
      'app/rollout-driver.ts',
    ]);
  });

  it('is what the CLI run and the console launch both call', () => {
    expect(callers('openDriver')).toEqual([
      'app/rollout-driver.ts',
      'app/rollout-launcher.ts',
      'cli/verb-run.ts',
    ]);
  });

  it('loads and replays a whole journal in one place', () => {
    const readers = callers('loadJournal').filter((f) => !f.startsWith('adapters/journal/'));
    expect(readers).toEqual(['runtime/load-rollout-state.ts']);
    const replays = callers('replay').filter((f) => !f.startsWith('core/'));
    expect(replays).toEqual(['runtime/load-rollout-state.ts', 'runtime/resume-point.ts']);
  });
});
