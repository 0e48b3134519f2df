// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import {
  exportTimeline,
  filterTimeline,
  timelineDocument,
  toTimeline,
  HTML_CHART_SLOT,
} from '../../src-main/core/timeline';

const nasty = 'error rate 3.1% vs 0.5%, "p99" up <script>alert(1)</script> | pipe\nsecond line';

/** A rollout whose canary is halted by a gate, with a written summary, then rolled back. */
function haltedJournal() {
  const plan = buildPlan([
    { name: 'canary', domains: [2], gates: ['errors'], rollbackOnHalt: true },
    { name: 'global', domains: [3] },
  ]);
  const h = new Harness(Date.UTC(2026, 10, 26, 8, 0, 0));
  h.must({ type: 'create', plan, by: 'alice' });
  h.must({ type: 'start', by: 'alice' });
  h.settle();
  h.must({ type: 'note', by: 'bob', text: 'watching, "carefully", now' });
  h.now += 30_000;
  h.must({
    type: 'recordGate',
    ring: 'canary',
    gate: 'errors',
    outcome: 'fail',
    evidence: { ring: 0.031, baseline: 0.005, reason: 'ring worse than baseline' },
    final: false,
  });
  h.must({ type: 'writeHaltSummary', ring: 'canary', summary: nasty });
  h.settle();
  return h.journal;
}

/** Minimal RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('incident timeline', () => {
  const journal = haltedJournal();
  const doc = timelineDocument(journal);

  it('projects every event into one plain sentence with who and ring', () => {
    const entries = toTimeline(journal);
    expect(entries).toHaveLength(journal.length);
    expect(
      entries
        .filter((e) => e.kind === 'halt' || e.kind === 'promotion' || e.who !== 'engine')
        .map((e) => `${e.who} | ${e.ring ?? '-'} | ${e.text}`),
    ).toMatchInlineSnapshot(`
      [
        "alice | - | Rollout of shop 2.0.0 (from 1.0.0) created for 5 hosts in 2 rings.",
        "alice | - | Rollout started.",
        "bob | - | Note: watching, "carefully", now",
        "ringside | canary | Ring canary halted: gate errors failed.",
        "ringside | canary | Rollback of ring canary started: automatic rollback after halt: gate errors failed.",
        "ringside | canary | Halt summary for ring canary: error rate 3.1% vs 0.5%, "p99" up <script>alert(1)</script> | pipe
      second line",
      ]
    `);
  });

  it('puts the halt summary at the top of the Markdown postmortem', () => {
    const md = exportTimeline(doc, 'md');
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Rollout of shop 2.0.0');
    expect(md.indexOf('Halt — ring canary, gate errors')).toBeLessThan(md.indexOf('## Summary'));
    expect(md).toContain('Status: rolled back.');
    // one table row per entry, pipes escaped
    expect(lines.filter((l) => l.startsWith('| 2026-'))).toHaveLength(doc.entries.length);
    expect(md).toContain('\\| pipe second line');
  });

  it('writes RFC 4180 CSV that reads back to the same fields', () => {
    const rows = parseCsv(exportTimeline(doc, 'csv'));
    expect(rows[0]).toEqual([
      'seq',
      'time',
      'who',
      'ring',
      'host',
      'kind',
      'severity',
      'event',
      'text',
    ]);
    expect(rows.slice(1).map((r) => r[8])).toEqual(doc.entries.map((e) => e.text));
    expect(rows.slice(1).every((r) => r.length === 9)).toBe(true);
  });

  it('writes self-contained, escaped HTML with a chart slot', () => {
    const html = exportTimeline(doc, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain(HTML_CHART_SLOT);
    // jsdom's parser, as a browser would read the exported file.
    const page = new DOMParser().parseFromString(html, 'text/html');
    expect(page.querySelectorAll('script')).toHaveLength(0);
    expect(page.querySelectorAll('tbody tr')).toHaveLength(doc.entries.length);
    expect(page.querySelector('.halt p')?.textContent).toBe(nasty);
    expect(page.querySelectorAll('tr.critical').length).toBeGreaterThan(0);
  });

  it('writes JSON that parses back to the document', () => {
    expect(JSON.parse(exportTimeline(doc, 'json'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('filters by ring, kind and operator', () => {
    const entries = toTimeline(journal);
    expect(filterTimeline(entries, { operators: ['bob'] }).map((e) => e.text)).toEqual([
      'Note: watching, "carefully", now',
    ]);
    expect(
      new Set(
        filterTimeline(entries, { rings: ['canary'], kinds: ['gate', 'halt'] }).map((e) => e.kind),
      ),
    ).toEqual(new Set(['gate', 'halt']));
    expect(filterTimeline(entries, { rings: ['global'] })).toEqual([]);
    const problems = filterTimeline(entries, { problemsOnly: true });
    expect(problems.some((e) => e.event === 'HostStepSucceeded')).toBe(false);
    expect(problems.some((e) => e.event === 'RingHalted')).toBe(true);
  });
});

describe('a promotion with an override', () => {
  it('reads "promoted with override" in the timeline and the export summary', () => {
    const plan = buildPlan([
      { name: 'canary', domains: [1], gates: ['errors'], bakeMs: 10_000 },
      { name: 'global', domains: [1] },
    ]);
    const h = new Harness(Date.UTC(2026, 10, 26, 8, 0, 0));
    h.must({ type: 'create', plan, by: 'alice' });
    h.must({ type: 'start', by: 'alice' });
    h.settle();
    h.must({ type: 'promote', by: 'alice', override: { reason: 'latency probe down' } });
    const entry = toTimeline(h.journal).find((e) => e.event === 'Promoted');
    expect(entry?.text).toMatch(
      /^Ring canary promoted with override; ring global is next\. Override reason: latency probe down\./,
    );
    const md = exportTimeline(timelineDocument(h.journal), 'md');
    expect(md).toMatch(/Ring canary: promoted with override, /);
  });
});
