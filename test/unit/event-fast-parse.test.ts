/**
 * parseRolloutEvent checks the two commonest events by hand (core/rollout/event-fast-parse.ts)
 * and the rest with zod: on any input, valid or not, it must accept exactly what the zod
 * schema accepts and give the same event, key order included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RolloutEventSchema, parseRolloutEvent } from '../../src-main/core/rollout/event-schema';
import { fastParseHostStep } from '../../src-main/core/rollout/event-fast-parse';

const odd = fc.constantFrom<unknown>(
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  -(2 ** 60),
  '1',
  '',
  null,
  undefined,
  true,
  [],
  {},
  ['x', 1],
);
const str = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'deploy'));
/** A value for a field: mostly the right type, sometimes anything. */
const field = (good: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary: good }, odd);

const hostStep = fc.record(
  {
    type: fc.constantFrom('HostStepStarted', 'HostStepSucceeded', 'HostStepFailed', 'Nope'),
    at: field(fc.double({ noNaN: true })),
    commandId: field(str),
    ring: field(str),
    domain: field(str),
    host: field(str),
    step: field(str),
    phase: field(fc.constantFrom('deploy', 'rollback', 'verify', 'other')),
    attempt: field(fc.integer()),
    exitCode: field(fc.oneof(fc.integer({ min: -1, max: 255 }), fc.constant(null))),
    durationMs: field(fc.double({ noNaN: true })),
    tail: field(fc.array(str, { maxLength: 3 })),
    ssmCommandId: field(str),
    extra: field(str),
  },
  {
    requiredKeys: ['type', 'at', 'ring', 'domain', 'host', 'step', 'phase', 'attempt'],
  },
);

function viaZod(raw: unknown): unknown {
  const r = RolloutEventSchema.safeParse(raw);
  return r.success ? r.data : null;
}

describe('parseRolloutEvent fast path', () => {
  it('accepts what zod accepts and gives the same event, key order included', () => {
    fc.assert(
      fc.property(hostStep, fc.boolean(), (ev, throughJson) => {
        // Journal events come from JSON.parse; IPC ones are objects (undefined kept).
        const raw: unknown = throughJson ? JSON.parse(JSON.stringify(ev)) : ev;
        const expected = viaZod(raw);
        const got = parseRolloutEvent(raw);
        if (expected === null) {
          expect(typeof got).toBe('string');
          expect(fastParseHostStep(raw)).toBeNull();
        } else {
          expect(got).toEqual(expected);
          expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
          expect(Object.keys(got as object)).toEqual(Object.keys(expected as object));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the journal form of both events without zod, and leaves a __proto__ key to zod', () => {
    const started = {
      type: 'HostStepStarted',
      at: 5,
      ring: 'canary',
      domain: 'a',
      host: 'web-1',
      step: 'install',
      phase: 'deploy',
      attempt: 1,
    };
    const succeeded = {
      ...started,
      type: 'HostStepSucceeded',
      exitCode: 0,
      durationMs: 12,
      tail: ['ok'],
    };
    for (const ev of [started, succeeded, { ...succeeded, ssmCommandId: 'c-1', commandId: 'x' }]) {
      const raw: unknown = JSON.parse(JSON.stringify(ev));
      const fast = fastParseHostStep(raw);
      expect(fast).not.toBeNull();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(viaZod(raw)));
    }
    const proto: unknown = JSON.parse(
      JSON.stringify(started).replace('{', '{"__proto__":{"polluted":1},'),
    );
    expect(fastParseHostStep(proto)).toBeNull();
    expect(JSON.stringify(parseRolloutEvent(proto))).toBe(JSON.stringify(started));
  });
});
