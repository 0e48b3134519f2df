import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src-main/core/contract';
import { atBottom, filterLogs, logLevel, noLogFilter } from './log-filter';

const line = (host: string, text: string, signature: string | null = null): LogLine => ({
  at: 0,
  ring: host.startsWith('c') ? 'canary' : 'early',
  host,
  line: text,
  signature,
});
const lines = [
  line('can-01', '2026-11-26T07:30:01Z can-01 app[7]: INFO GET /api/orders 200 in 12ms'),
  line('can-02', '2026-11-26T07:30:02Z can-02 app[7]: ERROR db timeout after 3021ms', 'db timeout'),
  line('ear-11', 'level=warn msg="slow disk" device=sda'),
  line('ear-12', '{"level":"debug","msg":"cache refreshed"}'),
  line('ear-13', 'connection reset by peer', 'connection reset by peer'),
];

describe('log levels', () => {
  it('reads the level word, level=…, JSON "level", else error for a signature, else info', () => {
    expect(lines.map((l) => logLevel(l.line, l.signature))).toEqual([
      'info',
      'error',
      'warning',
      'debug',
      'error',
    ]);
    expect(logLevel('GET /healthz 200 1ms', null)).toBe('info');
    // A level word inside a message is not the line's level once a real one came first.
    expect(logLevel('app[1]: INFO retried after error', null)).toBe('info');
  });
});

describe('log search and filters', () => {
  it('finds a substring of host or text, any case, every word (not only an exact host)', () => {
    const hosts = (text: string) => filterLogs(lines, { ...noLogFilter, text }).map((l) => l.host);
    expect(hosts('can-0')).toEqual(['can-01', 'can-02']);
    expect(hosts('DB Timeout')).toEqual(['can-02']);
    expect(hosts('canary orders')).toEqual(['can-01']);
    expect(hosts('  ')).toHaveLength(lines.length);
  });
  it('shows only the levels turned on', () => {
    const shown = filterLogs(lines, { ...noLogFilter, levels: ['error', 'warning'] });
    expect(shown.map((l) => l.host)).toEqual(['can-02', 'ear-11', 'ear-13']);
  });
  it('shows the lines of one signature once it is picked, within the ring', () => {
    const f = { ...noLogFilter, signature: 'connection reset by peer' };
    expect(filterLogs(lines, f).map((l) => l.host)).toEqual(['ear-13']);
    expect(filterLogs(lines, { ...f, ring: 'canary' })).toEqual([]);
  });
});

describe('follow mode', () => {
  it('follows at the bottom and pauses once scrolled up', () => {
    expect(atBottom(600, 400, 1000)).toBe(true);
    expect(atBottom(597, 400, 1000)).toBe(true);
    expect(atBottom(300, 400, 1000)).toBe(false);
  });
});
