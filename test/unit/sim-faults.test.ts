import { describe, expect, it } from 'vitest';
import { parseFault } from '../../src-main/sim/faults';

describe('sim fault parsing (PUT /sim/fault)', () => {
  it('accepts every fault kind and null', () => {
    for (const f of [
      null,
      { kind: 'unreachable' },
      { kind: 'unreachable', mode: 'blackhole' },
      { kind: 'slow', delayMs: 200 },
      { kind: 'auth-failure' },
      { kind: 'host-key-change' },
      { kind: 'command-fails', count: 2, pattern: 'install', exitCode: 3 },
      { kind: 'command-hangs' },
    ]) {
      expect(parseFault(f)).toEqual({ ok: true, fault: f });
    }
  });
  it.each([
    [[], /expected a fault object/],
    [{ kind: 'melt' }, /unknown fault kind "melt"/],
    [{ kind: 'unreachable', mode: 'sometimes' }, /'mode' must be refuse, drop or blackhole/],
    [{ kind: 'slow' }, /'delayMs' is required/],
    [{ kind: 'slow', delayMs: -1 }, /'delayMs' must be a number >= 0/],
    [{ kind: 'command-fails', count: 'two' }, /'count' must be a number/],
    [{ kind: 'command-hangs', pattern: 3 }, /'pattern' must be a string/],
  ])('refuses %j', (input, message) => {
    const r = parseFault(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(message);
  });
});
