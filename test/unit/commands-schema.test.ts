import { describe, expect, it } from 'vitest';
import {
  acceptedCommandIds,
  commandBodySchemas,
  commandKinds,
  parseOperatorCommand,
  screenCommand,
  stampCommand,
} from '../../src-main/core/commands';
import { methodNames, methodSchemas } from '../../src-main/core/contract';
import { parseRolloutEvent } from '../../src-main/core/rollout';
import { createCommandGate } from '../../src-main/runtime/command-gate';

const ID = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
const AT = Date.UTC(2026, 10, 29, 14, 2, 7);

describe('operator command schema', () => {
  it('is the one definition the console contract uses for every command', () => {
    for (const kind of commandKinds) {
      expect(methodNames).toContain(kind);
      const stamp = stampCommand(ID, AT);
      // The contract's params are the body plus the stamp, nothing else.
      expect(Object.keys(methodSchemas[kind].params.shape).sort()).toEqual(
        [...Object.keys(commandBodySchemas[kind].shape), 'stamp'].sort(),
      );
      expect(methodSchemas[kind].params.safeParse({ stamp: { ...stamp, id: 'x' } }).success).toBe(
        false,
      );
    }
  });

  it('parses a stamped command and names the first bad field otherwise', () => {
    const stamp = stampCommand(ID, AT);
    expect(parseOperatorCommand({ kind: 'promote', by: 'alice', note: 'clean', stamp })).toEqual({
      kind: 'promote',
      by: 'alice',
      note: 'clean',
      stamp: { id: ID, issuedAt: AT, deadline: AT + 30_000 },
    });
    expect(parseOperatorCommand({ kind: 'pause', by: 'alice', reason: ' ', stamp })).toBe(
      'reason: a reason is required',
    );
    expect(parseOperatorCommand({ kind: 'promote', by: 'alice' })).toMatch(/^stamp: /);
    expect(
      parseOperatorCommand({ kind: 'promote', by: 'a', stamp: { ...stamp, deadline: AT - 1 } }),
    ).toBe('stamp.deadline: deadline is before issuedAt');
    expect(parseOperatorCommand({ kind: 'launch', by: 'a', stamp })).toMatch(/^kind: /);
  });
});

describe('screening a stamped command', () => {
  const stamp = stampCommand(ID, AT);
  const none = () => undefined;

  it('runs a new command before its deadline and refuses it after, saying when', () => {
    expect(screenCommand(stamp, AT + 30_000, none)).toEqual({ kind: 'run' });
    expect(screenCommand(stamp, AT + 42_400, none)).toEqual({
      kind: 'expired',
      reason: 'expired: issued at 14:02:07 UTC, deadline passed 12 s ago; nothing was done',
    });
  });

  it('answers a known id with its first outcome, even after the deadline', () => {
    const first = {
      ok: false,
      reason: 'cannot promote ring canary: its bake ends in 4 s',
    } as const;
    expect(screenCommand(stamp, AT + 99_000, (id) => (id === ID ? first : undefined))).toEqual({
      kind: 'repeat',
      outcome: first,
    });
  });

  it('finds the ids a journal shows as carried out; old events without ids still load', () => {
    const old = parseRolloutEvent({ type: 'Paused', at: AT, by: 'alice', reason: 'lunch' });
    const marked = parseRolloutEvent({
      type: 'Resumed',
      at: AT,
      by: 'a',
      reason: 'r',
      commandId: ID,
    });
    expect(typeof old).toBe('object');
    expect(typeof marked).toBe('object');
    expect([...acceptedCommandIds([old, marked] as { commandId?: string }[])]).toEqual([ID]);
  });
});

describe('command gate (runtime)', () => {
  it('runs an id once: a retry, also while the first still runs, gets the first outcome', async () => {
    let now = AT;
    let runs = 0;
    const gate = createCommandGate(() => now);
    const act = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true } as const;
    };
    const stamp = stampCommand(ID, AT);
    const [a, b] = await Promise.all([gate.once(stamp, act), gate.once(stamp, act)]);
    now += 60_000;
    const c = await gate.once(stamp, act);
    expect([a, b, c, runs]).toEqual([{ ok: true }, { ok: true }, { ok: true }, 1]);
  });

  it('refuses a late command without running it, and a retry gets the same refusal', async () => {
    let runs = 0;
    const gate = createCommandGate(() => AT + 31_000);
    const act = async () => {
      runs += 1;
      return { ok: true } as const;
    };
    const first = await gate.once(stampCommand(ID, AT), act);
    expect(first).toEqual({
      ok: false,
      reason: 'expired: issued at 14:02:07 UTC, deadline passed 1 s ago; nothing was done',
    });
    expect(await gate.once(stampCommand(ID, AT), act)).toEqual(first);
    expect(runs).toBe(0);
  });

  it('knows the ids the journal carried out before a restart', async () => {
    const gate = createCommandGate(() => AT, [ID]);
    let runs = 0;
    const outcome = await gate.once(stampCommand(ID, AT), async () => {
      runs += 1;
      return { ok: false, reason: 'would run twice' };
    });
    expect([outcome, runs]).toEqual([{ ok: true }, 0]);
  });
});
