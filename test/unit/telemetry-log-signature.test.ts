import { describe, expect, it } from 'vitest';
import {
  compileLogSignal,
  emptyLogTally,
  logSignature,
  tallyLine,
  topSignatures,
} from '../../src-main/core/telemetry/log-signature';
import { lttb } from '../../src-main/core/telemetry/downsample';

describe('log signatures', () => {
  it('masks numbers, hex, uuids, ips and ids', () => {
    expect(logSignature('ERROR db timeout after 3012ms trace_id=4bf92f3577b34da6 user=77')).toBe(
      'ERROR db timeout after <n>ms trace_id=<hex> user=<n>',
    );
    expect(
      logSignature(
        'WARN req 123e4567-e89b-12d3-a456-426614174000 from 10.0.0.7:443 ptr 0xdeadBEEF  worker-12 sess=Zk9q2LmPx7 took 1500000ms',
      ),
    ).toBe('WARN req <uuid> from <ip> ptr <hex> worker-<n> sess=<id> took <n>ms');
    expect(logSignature('ERROR db timeout after 12ms trace_id=aa11bb22cc33 user=4')).toBe(
      logSignature('ERROR db timeout after 99999ms trace_id=ffee00112233 user=912'),
    );
  });

  it('counts error lines per minute and signature, keeps samples and trace ids', () => {
    const signal = compileLogSignal({
      errorPatterns: ['ERROR', 'panic'],
      traceIdPattern: 'trace_id=(\\w+)',
      samplesPerSignature: 2,
    });
    const lines = [
      [1_000, 'INFO all good'],
      [2_000, 'ERROR db timeout after 3012ms trace_id=abc123 user=77'],
      [61_000, 'ERROR db timeout after 2999ms trace_id=def456 user=12'],
      [62_000, 'ERROR db timeout after 1ms trace_id=abc123 user=1'],
      [63_000, 'panic: nil map'],
    ] as const;
    let tally = emptyLogTally;
    for (const [t, l] of lines) {
      tally = tallyLine(tally, l, t, signal);
    }
    expect(tally.lines).toBe(5);
    expect(tally.errorLines).toBe(4);
    expect(tally.perMinute).toEqual({ 0: 1, 60000: 3 });
    const top = topSignatures(tally);
    expect(top[0]).toMatchObject({
      signature: 'ERROR db timeout after <n>ms trace_id=<hex> user=<n>',
      count: 3,
      firstSeenMs: 2_000,
      lastSeenMs: 62_000,
      traceIds: ['abc123', 'def456'],
    });
    expect(top[0]?.samples).toHaveLength(2);
    expect(top[1]?.signature).toBe('panic: nil map');
  });

  it('reports the pattern that does not compile', () => {
    const r = compileLogSignal({ errorPatterns: ['ok', '(['] });
    expect(r.ok ? '' : r.message).toContain('errorPatterns[1]');
  });
});

describe('LTTB downsampling', () => {
  it('keeps ends and spikes, and the requested size', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({
      t: i * 1000,
      v: i === 500 ? 100 : Math.sin(i / 50),
    }));
    const out = lttb(pts, 50);
    expect(out).toHaveLength(50);
    expect(out[0]).toBe(pts[0]);
    expect(out[49]).toBe(pts[999]);
    expect(out.some((p) => p.v === 100)).toBe(true);
    expect(lttb(pts.slice(0, 10), 50)).toHaveLength(10);
  });
});
