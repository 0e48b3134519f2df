/**
 * Telemetry is persisted beside the journal as it is collected, so the CLI's HTML export has
 * the same charts (with labelled markers) as the console's, and a restarted process refills
 * its charts from it. Before, series lived only in memory and `ringside timeline --format
 * html` kept a raw `<!-- ringside:charts -->` placeholder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { telemetryPathFor } from '../../src-main/adapters/journal/telemetry-log';
import { createSeriesStore } from '../../src-main/runtime/series/series-store';
import { persistSeries } from '../../src-main/runtime/series/persist-series';
import { runCliCaptured } from '../helpers/cli-io';

const dir = mkdtempSync(path.join(tmpdir(), 'ringside-telemetry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = `release: { name: web, version: '2.0.0', previous: '1.0.0' }
fleet:
  hosts:
${Array.from({ length: 6 }, (_, i) => `    - { name: web-${i + 1}, address: web-${i + 1}.demo.invalid }`).join('\n')}
domains: { count: 1 }
rings:
  - { name: canary, select: { count: 2 }, bake: 4s, gates: [errors] }
  - { name: rest, select: { rest: true }, bake: 0s, gates: [errors] }
deploy:
  steps:
    - { name: install, command: 'appctl install {{version}}', timeout: 30s, idempotent: true }
telemetry:
  sources: [{ name: hosts, kind: scrape, port: 9100, interval: 1s }]
  metrics:
    - { name: error_rate, source: hosts, kind: ratio, numerator: 'http_requests_total{code=~"5.."}', denominator: http_requests_total }
gates:
  - { name: errors, metric: error_rate, kind: threshold, op: '<', limit: 0.05, window: 3s, minSamples: 10 }
`;

describe('telemetry beside the journal', () => {
  it('run --sim persists it and timeline --format html charts it with labelled markers', async () => {
    const file = path.join(dir, 'plan.yaml');
    writeFileSync(file, plan);
    const journal = path.join(dir, 'journal');
    const run = await runCliCaptured(
      ['run', file, '--sim', '--journal', journal, '--auto-promote', '--until', 'end'],
      { env: { HOME: dir } },
    );
    expect(run.code, run.err.join('\n')).toBe(0);
    const lines = readFileSync(telemetryPathFor(journal), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ m: 'error_rate' });

    const html = await runCliCaptured(['timeline', journal, '--format', 'html']);
    expect(html.code).toBe(0);
    const text = html.out.join('\n');
    expect(text).not.toContain('<!-- ringside:charts -->');
    expect(text).toContain('<h2>Telemetry</h2>');
    expect(text).toMatch(/<polyline[^>]*><title>canary<\/title>/);
    expect(text).toContain('>deploy canary</text>');
    expect(text).toMatch(/>promote canary \(/);
  });

  it('a restarted process refills its series from the file, then appends to it', async () => {
    const journal = path.join(dir, 'restart', 'journal.jsonl');
    const first = createSeriesStore({ clock: () => 0 });
    rmSync(path.dirname(journal), { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(journal), { recursive: true });
    const p1 = await persistSeries(first, journal, () => undefined);
    first.append('p99', 'canary', [
      { t: 1000, v: 0.2 },
      { t: 2000, v: 0.3 },
    ]);
    await p1.close();
    // A torn last line (a crash mid-write) is skipped, not fatal.
    writeFileSync(telemetryPathFor(journal), '{"m":"p99","s":"canary","p":[[3000,', { flag: 'a' });
    const second = createSeriesStore({ clock: () => 0 });
    const p2 = await persistSeries(second, journal, () => undefined);
    expect(second.window('p99', 'canary', 0, 10_000)).toEqual([
      { t: 1000, v: 0.2 },
      { t: 2000, v: 0.3 },
    ]);
    await p2.close();
  });
});
