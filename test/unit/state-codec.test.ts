/**
 * Checkpoints store hosts as rows (core/rollout/state-codec.ts); decoding must give back
 * exactly the state that was encoded, key order included, on random rollouts and on the
 * awkward ones: a host named __proto__, hosts whose fields differ, an empty fleet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, replay, type RolloutState } from '../../src-main/core/rollout';
import { buildPlan, Harness } from '../../src-main/core/rollout/fixtures';
import { movesArb, planArb, simulate } from '../helpers/rollout-moves';

const roundTrip = (s: RolloutState) => decodeState(encodeState(s));

describe('checkpoint state codec', () => {
  it('gives back every state of random rollouts exactly, and smaller than plain JSON', () => {
    fc.assert(
      fc.property(planArb, movesArb, (plan, moves) => {
        const { trace, state } = simulate(plan, moves);
        for (const s of [...trace.map((t) => t.before), state]) {
          const back = roundTrip(s);
          expect(back).toEqual(s);
          expect(JSON.stringify(back)).toBe(JSON.stringify(s));
        }
        if (Object.keys(state.hosts).length > 2) {
          expect(encodeState(state).length).toBeLessThan(JSON.stringify(state).length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a host named __proto__ a host, and hosts with other fields as they were', () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [2] }]), by: 'alice' });
    h.must({ type: 'start', by: 'alice' });
    const s = h.state;
    const [a, b] = Object.values(s.hosts);
    const odd: RolloutState = {
      ...s,
      hosts: JSON.parse(
        JSON.stringify({ ['__proto__']: { ...a, name: '__proto__' }, [b!.name]: b }),
      ) as RolloutState['hosts'],
    };
    const back = roundTrip(odd)!;
    expect(Object.keys(back.hosts)).toEqual(['__proto__', b!.name]);
    expect(Object.getPrototypeOf(back.hosts)).toBe(Object.prototype);
    expect(JSON.stringify(back)).toBe(JSON.stringify(odd));
    const mixed: RolloutState = {
      ...s,
      hosts: { [a!.name]: { ...a!, extra: 1 } as never, [b!.name]: b! },
    };
    expect(JSON.stringify(roundTrip(mixed))).toBe(JSON.stringify(mixed));
    expect(roundTrip(replay([]))).toEqual(replay([]));
    expect(decodeState('not json')).toBeNull();
    expect(decodeState('{"hosts":{"$rows":["name"],"values":[[1,2]]}}')).toBeNull();
  });

  it('stores repeated values once, gives every host its own copies, and refuses a bad index', () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [4, 4] }]), by: 'alice' });
    h.must({ type: 'start', by: 'alice' });
    const s = h.state;
    const text = encodeState(s);
    const cols = (JSON.parse(text) as { hosts: { $cols: string[]; cols: unknown[] } }).hosts;
    // Every host has the same status: one value for the column, not eight.
    expect(cols.cols[cols.$cols.indexOf('status')]).toEqual({ k: 'pending' });
    const back = decodeState(text)!;
    const [a, b] = Object.values(back.hosts);
    const [pa, pb] = back.plan!.hosts;
    expect(a).not.toBe(b);
    expect(pa!.labels).toEqual(pb!.labels);
    expect(pa!.labels).not.toBe(pb!.labels); // a shared object would change with its neighbour
    const index = text.replace(/"i":\[(\d+)/, '"i":[99');
    expect(index).not.toBe(text);
    expect(decodeState(index)).toBeNull();
  });

  it("builds the plan's hosts when first read, checks them at once, and reads like plain data", () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [3, 2] }]), by: 'alice' });
    const text = encodeState(h.state);
    const raw = JSON.parse(text) as { plan: { hosts: { $cols: string[]; cols: unknown[] } } };
    // A bad plan-host column is refused when decoding, not later on first read.
    const labels = raw.plan.hosts.$cols.indexOf('labels');
    const broken = structuredClone(raw);
    broken.plan.hosts.cols[labels] = { d: [{}], i: [0, 0, 0, 0, 7] };
    expect(decodeState(JSON.stringify(broken))).toBeNull();
    const back = decodeState(text)!;
    const plan = back.plan!;
    // Same keys in the same order; spreading, cloning and JSON see the hosts.
    expect(Object.keys(plan)).toEqual(Object.keys(h.state.plan!));
    expect(structuredClone(plan)).toEqual(h.state.plan);
    expect({ ...plan }.hosts).toEqual(h.state.plan!.hosts);
    expect(plan.hosts).toBe(plan.hosts); // built once, then kept
    const other = decodeState(text)!.plan!;
    (other as { hosts: unknown }).hosts = [];
    expect(other.hosts).toEqual([]);
  });

  it('still reads checkpoints written with one row per host', () => {
    const h = new Harness();
    h.must({ type: 'create', plan: buildPlan([{ domains: [3] }]), by: 'alice' });
    h.must({ type: 'start', by: 'alice' });
    const s = h.state;
    const hosts = Object.values(s.hosts);
    const keys = Object.keys(hosts[0]!);
    const rows = {
      ...s,
      hosts: {
        $rows: keys,
        values: hosts.map((x) => keys.map((k) => (x as unknown as Record<string, unknown>)[k])),
      },
    };
    expect(JSON.stringify(decodeState(JSON.stringify(rows)))).toBe(JSON.stringify(s));
  });
});
