import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src-main/core/telemetry/prom-select';
import { parsePromText, type PromSample } from '../../src-main/core/telemetry/prom-text';
import { scopeCounts } from '../../src-main/core/telemetry/scope-counts';

function s(text: string): readonly PromSample[] {
  const r = parsePromText(text);
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.samples;
}

const errors = compileSelector('req_total', [{ label: 'code', op: '=~', value: '5..' }]);
const all = compileSelector('req_total');

describe('scope counts from two scrape rounds', () => {
  it('sums hosts, counts new error series from zero, handles restarts, lists missing hosts', () => {
    if (!errors.ok || !all.ok) {
      throw new Error('selectors');
    }
    const prev = new Map([
      ['a', s('req_total{code="200"} 100\n')],
      ['b', s('req_total{code="200"} 500\nreq_total{code="500"} 7\n')],
      ['c', s('req_total{code="200"} 10\n')],
    ]);
    const curr = new Map([
      ['a', s('req_total{code="200"} 150\nreq_total{code="500"} 3\n')], // first errors ever
      ['b', s('req_total{code="200"} 20\nreq_total{code="500"} 1\n')], // restarted
    ]);
    expect(scopeCounts(prev, curr, ['a', 'b', 'c', 'd'], errors.test, all.test)).toEqual({
      events: 3 + 1,
      exposure: 50 + 3 + 20 + 1,
      hostsReporting: 2,
      hostsMissing: ['c', 'd'],
      resets: 2 + 1,
    });
    expect(scopeCounts(prev, curr, ['c'], errors.test, all.test)).toBeUndefined();
  });
});
