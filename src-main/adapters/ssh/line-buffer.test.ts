import { describe, expect, it } from 'vitest';
import { LineSplitter, TailBuffer, TRUNCATED_MARK } from './line-buffer';

function split(chunks: Buffer[], max = 10): string[] {
  const lines: string[] = [];
  const s = new LineSplitter(max, (l) => lines.push(l));
  chunks.forEach((c) => s.push(c));
  s.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins lines across chunks, strips CR, flushes the last partial line', () => {
    expect(split([Buffer.from('ab'), Buffer.from('c\r\nd\n\ne')])).toEqual(['abc', 'd', '', 'e']);
  });

  it('keeps a UTF-8 character split across chunks intact', () => {
    const euro = Buffer.from('€\n');
    expect(split([euro.subarray(0, 1), euro.subarray(1)])).toEqual(['€']);
  });

  it('cuts an overlong line once and drops the rest of it', () => {
    expect(split([Buffer.from('0123456789abcdef'), Buffer.from('ghij\nok\n')])).toEqual([
      `0123456789${TRUNCATED_MARK}`,
      'ok',
    ]);
  });
});

describe('TailBuffer', () => {
  it('keeps the last N lines in arrival order', () => {
    const t = new TailBuffer(3);
    for (const n of [1, 2, 3, 4, 5]) {
      t.push({ stream: 'stdout', line: String(n) });
    }
    expect(t.lines().map((l) => l.line)).toEqual(['3', '4', '5']);
  });
});
