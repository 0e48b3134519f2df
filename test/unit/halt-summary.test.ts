import { describe, expect, it } from 'vitest';
import { writeHaltSummary, type HaltSummaryInput } from '../../src-main/core/halt-summary';

const T0 = Date.UTC(2026, 10, 26, 7, 30, 0);

const input: HaltSummaryInput = {
  ring: 'canary',
  release: { version: '2.4.1-bad', previous: '2.3.9' },
  gate: 'error-rate-sequential',
  gateKind: 'sequential',
  metric: 'error_rate',
  reason: 'error_rate: ring 18/637 vs baseline 9/2954 events; e-value 2062 reached 1/alpha = 100',
  ringSide: { value: 0.0283, samples: 637 },
  baselineSide: { value: 0.00305, samples: 2954 },
  failedAt: T0 + 9_000,
  firstNewVersionAt: T0 + 5_500,
  onsetAt: T0 + 6_000,
  domains: [
    { name: 'a', startedAt: T0, hostsOnNewVersion: ['use-a-01'] },
    { name: 'b', startedAt: T0 + 5_000, hostsOnNewVersion: ['euw-b-02'] },
    { name: 'c', startedAt: null, hostsOnNewVersion: [] },
  ],
  signatures: [
    { signature: 'ERROR db timeout after <n>ms trace_id=<hex>', count: 12 },
    { signature: 'ERROR upstream payments returned <n>', count: 30, inBaseline: true },
    { signature: 'panic: nil pointer dereference in handler /api/cart', count: 4 },
  ],
  traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'],
  valueUnit: 'ratio',
};

describe('halt summary', () => {
  it('reads as one pasteable paragraph: gate, ring vs baseline with samples, when, hosts, signatures, traces', () => {
    expect(writeHaltSummary(input)).toBe(
      'Ring canary halted at 07:30:09 UTC: sequential gate error-rate-sequential failed on error_rate — ' +
        'ring on 2.4.1-bad 2.83% (637 samples) vs baseline (hosts still on 2.3.9) 0.305% (2,954 samples). ' +
        'Gate: error_rate: ring 18/637 vs baseline 9/2954 events; e-value 2062 reached 1/alpha = 100. ' +
        'It started 1 s after update domain b of canary began deploying; the first host served 2.4.1-bad at 07:30:05 and the gate failed 3.5 s later. ' +
        'Hosts on the new version: use-a-01, euw-b-02 (update domains a, b). ' +
        'Top new log signatures: "ERROR db timeout after <n>ms trace_id=<hex>" ×12; "panic: nil pointer dereference in handler /api/cart" ×4; "ERROR upstream payments returned <n>" ×30 (also in baseline). ' +
        'Trace ids seen: 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7.',
    );
  });

  it('threshold gates have no baseline side; no data reads as such; no signatures is said', () => {
    const { baselineSide: _none, ...noBaseline } = input;
    const text = writeHaltSummary({
      ...noBaseline,
      gateKind: 'threshold',
      gate: 'p99-ceiling',
      metric: 'p99_latency',
      ringSide: { value: 0.412, samples: 1 },
      valueUnit: 'seconds',
      signatures: [],
      traceIds: [],
      onsetAt: null,
      firstNewVersionAt: null,
    });
    expect(text).toContain('failed on p99_latency — ring on 2.4.1-bad 412 ms (1 sample).');
    expect(text).not.toContain('baseline (hosts');
    expect(text).toContain('It started 4 s after update domain b of canary began deploying.');
    expect(text).toContain('No new error log signatures in the ring.');
    expect(text).not.toContain('Trace ids');
  });
});
